package dev.webhookhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.broker.EmbeddedBroker;
import dev.webhookhub.reliability.HostileInputs.Case;
import dev.webhookhub.reliability.HostileInputs.Channel;
import dev.webhookhub.reliability.HostileInputs.Expect;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input on every way into the hub (issue 12, part 4): generated cases ({@link
 * HostileInputs}) on HTTP ingest of every source, JMS, AMQP, STOMP, the outbox table and the admin
 * API, with valid events in between. Each hostile input must be refused the way its transport
 * refuses (a 4xx problem, a message on {@code hub.ingest.invalid} with its reason, an error on its
 * outbox row); no 5xx, no route left stopped, no queue left full, no valid event lost, and the heap
 * after the run no larger than before it by more than {@link #HEAP_GROWTH_LIMIT}.
 *
 * <p>500 cases in a plain {@code mvn verify}, 10,000 with {@code -Preliability}; {@code
 * -Dfuzz.cases=N} and {@code -Dfuzz.seed=S} override. The seed is printed and in the results row:
 * the same seed gives the same cases.
 */
class HostileInputIT {

  /**
   * The hub keeps no input in memory once it is answered: events wait in the broker and the
   * database. Ten thousand cases send several hundred megabytes (bodies up to 200 kB), so keeping
   * even a small part of each would exceed this; the hub's caches (subscriptions, sources, pooled
   * connections) are far below it.
   */
  static final long HEAP_GROWTH_LIMIT = 64L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MARKER = Pattern.compile("valid-\\d+-\\d+");
  private static final String CASE_PROPERTY = "FuzzCase";

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void everyHostileInputIsRefusedAndNothingValidIsLost(TestDatabase database, @TempDir Path dir)
      throws Exception {
    int cases = Integer.getInteger("fuzz.cases", ReliabilityRow.longRun() ? 10_000 : 500);
    long seed =
        Long.getLong("fuzz.seed", ReliabilityRow.longRun() ? System.nanoTime() % 1_000_000 : 12);
    System.out.printf(
        "HostileInputIT on %s: %d cases, seed %d (-Dfuzz.seed=%d -Dfuzz.cases=%d repeats it)%n",
        database, cases, seed, seed, cases);
    long started = System.nanoTime();
    try (TestReceiver receiver = new TestReceiver();
        TestHub hub =
            new TestHub(dir, database)
                .with("hub.ingest.max-body-bytes", String.valueOf(HostileInputs.MAX_BODY_BYTES))
                .with("hub.source.fineguide.token", HostileInputs.FINEGUIDE_TOKEN)
                .with("hub.source.fitmetrics.signing-secret", HostileInputs.FITMETRICS_SECRET)
                .start();
        Inputs inputs = new Inputs(hub)) {
      AdminClient admin = new AdminClient(hub);
      admin.create(
          "{\"organizationId\": \""
              + HostileInputs.ORGANIZATION
              + "\", \"eventTypes\": [\"*\"], \"url\": \""
              + receiver.url("/fuzz")
              + "\"}");
      String adminTarget =
          admin
              .create(
                  "{\"organizationId\": \"admin-fuzz-org\", \"eventTypes\": [\"lead.*\"],"
                      + " \"url\": \""
                      + receiver.url("/admin")
                      + "\"}")
              .path("id")
              .asText();
      HostileInputs generator = new HostileInputs(seed, receiver.url("/admin"), adminTarget);

      Results results = new Results();
      long heapBefore = 0;
      for (int i = 0; i < cases; i++) {
        if (i == cases / 10) {
          heapBefore = heapAfterGc();
        }
        Case input = generator.next(i);
        results.sent(input);
        try {
          inputs.send(input, results);
        } catch (Exception e) {
          results.fail(input, "the client could not send it: " + e);
        }
      }

      // Queued inputs: every one refused is on hub.ingest.invalid with a reason.
      Set<Integer> refused = inputs.awaitInvalid(results.mustBeRefusedOnQueues(), results);
      results.queueOutcomes(refused);
      inputs.awaitOutbox(results);
      Set<String> delivered = awaitDelivered(receiver, results.markers(), results);
      inputs.assertNothingStuck(hub, results);
      long heapAfter = heapAfterGc();
      long growth = heapAfter - heapBefore;
      if (growth > HEAP_GROWTH_LIMIT) {
        results.failures.add(
            "heap grew by "
                + (growth >> 20)
                + " MiB, more than "
                + (HEAP_GROWTH_LIMIT >> 20)
                + " MiB");
      }
      String notes = database + "; seed " + seed;
      String details =
          String.format(
              "heap after GC %d → %d MiB (limit: +%d MiB)",
              heapBefore >> 20, heapAfter >> 20, HEAP_GROWTH_LIMIT >> 20);
      results.writeRows(delivered, notes, details, Duration.ofNanos(System.nanoTime() - started));
      System.out.println(results.summary());
      assertThat(results.failures).as(results.summary()).isEmpty();
    }
  }

  /** Waits until every valid event's marker reached the receiver (or 120 s passed). */
  private static Set<String> awaitDelivered(
      TestReceiver receiver, Set<String> markers, Results results) {
    Map<String, Integer> seen = new HashMap<>();
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                for (TestReceiver.Received request : receiver.drain("/fuzz")) {
                  Matcher m = MARKER.matcher(request.body());
                  while (m.find()) {
                    seen.merge(m.group(), 1, Integer::sum);
                  }
                }
                return seen.keySet().containsAll(markers);
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      Set<String> lost = new HashSet<>(markers);
      lost.removeAll(seen.keySet());
      results.failures.add("valid events not delivered within 120 s: " + lost);
    }
    results.duplicates = seen.values().stream().mapToInt(n -> n - 1).sum();
    return seen.keySet();
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The clients of each channel, opened once and kept for the run. */
  private static final class Inputs implements AutoCloseable {
    private final TestHub hub;
    private final RawHttp http;
    private final Connection core;
    private final Session coreSession;
    private final Connection amqp;
    private final Session amqpSession;
    private final Map<String, MessageProducer> producers = new HashMap<>();
    private final java.sql.Connection database;
    private final Map<Long, Case> outboxRows = new LinkedHashMap<>();
    private Socket stomp;

    Inputs(TestHub hub) throws Exception {
      this.hub = hub;
      this.http = new RawHttp(Integer.parseInt(hub.httpUrl("").replaceAll(".*:(\\d+)$", "$1")));
      this.core = open(new ActiveMQConnectionFactory(hub.brokerTcpUrl()));
      this.coreSession = core.createSession(false, Session.AUTO_ACKNOWLEDGE);
      this.amqp = open(new JmsConnectionFactory("amqp://127.0.0.1:" + hub.brokerPort()));
      this.amqpSession = amqp.createSession(false, Session.AUTO_ACKNOWLEDGE);
      this.database = hub.connectDatabase();
    }

    private static Connection open(ConnectionFactory factory) throws Exception {
      Connection connection = factory.createConnection();
      connection.start();
      return connection;
    }

    void send(Case input, Results results) throws Exception {
      switch (input.channel()) {
        case HTTP, ADMIN -> {
          RawHttp.Response response =
              http.send(input.method(), input.target(), input.headers(), input.body());
          results.httpOutcome(input, response);
        }
        case JMS -> jms(coreSession, "core", input);
        case AMQP -> jms(amqpSession, "amqp", input);
        case STOMP -> stomp(input);
        case OUTBOX -> outbox(input);
      }
    }

    private void jms(Session session, String client, Case input) throws Exception {
      String queue = "hub.ingest." + input.source();
      MessageProducer producer =
          producers.computeIfAbsent(
              client + queue,
              q -> {
                try {
                  return session.createProducer(session.createQueue(queue));
                } catch (jakarta.jms.JMSException e) {
                  throw new IllegalStateException(e);
                }
              });
      Message message;
      if (input.kind().equals("invalid-utf8")) {
        BytesMessage bytes = session.createBytesMessage();
        bytes.writeBytes(input.body());
        message = bytes;
      } else {
        message = session.createTextMessage(new String(input.body(), StandardCharsets.UTF_8));
      }
      for (Map.Entry<String, String> p : input.headers().entrySet()) {
        message.setStringProperty(p.getKey(), p.getValue());
      }
      message.setIntProperty(CASE_PROPERTY, input.index());
      producer.send(message);
    }

    /** One connection for the run; each SEND asks for a receipt, so a refused frame shows. */
    private void stomp(Case input) throws IOException {
      if (stomp == null || stomp.isClosed()) {
        stomp = new Socket("127.0.0.1", hub.brokerPort());
        stomp.setSoTimeout(30_000);
        frame("CONNECT\naccept-version:1.2\nhost:127.0.0.1\n\n".getBytes(StandardCharsets.UTF_8));
        expectFrame("CONNECTED");
      }
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      StringBuilder head =
          new StringBuilder("SEND\ndestination:hub.ingest." + input.source() + "\n");
      head.append("content-type:application/json\n");
      head.append("content-length:").append(input.body().length).append('\n');
      head.append("receipt:r-").append(input.index()).append('\n');
      head.append(CASE_PROPERTY).append(':').append(input.index()).append('\n');
      input
          .headers()
          .forEach((k, v) -> head.append(k).append(':').append(stompEscape(v)).append('\n'));
      head.append('\n');
      frame.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      frame.writeBytes(input.body());
      frame(frame.toByteArray());
      expectFrame("RECEIPT");
    }

    /** STOMP 1.2 escapes: a CR or LF in a value arrives as one, as a hostile sender means it. */
    private static String stompEscape(String value) {
      return value
          .replace("\\", "\\\\")
          .replace("\r", "\\r")
          .replace("\n", "\\n")
          .replace(":", "\\c")
          .replace("\u0000", "\\n");
    }

    private void frame(byte[] bytes) throws IOException {
      OutputStream out = stomp.getOutputStream();
      out.write(bytes);
      out.write(0);
      out.flush();
    }

    private void expectFrame(String command) throws IOException {
      InputStream in = stomp.getInputStream();
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) > 0) {
        frame.write(b);
      }
      String text = frame.toString(StandardCharsets.UTF_8).stripLeading();
      if (!text.startsWith(command)) {
        stomp.close();
        throw new IOException("expected STOMP " + command + " but got: " + text);
      }
    }

    private void outbox(Case input) throws Exception {
      try (PreparedStatement insert =
          database.prepareStatement(
              "INSERT INTO hub_outbox (source, payload, organization_id, location_id)"
                  + " VALUES (?, ?, ?, ?)",
              Statement.RETURN_GENERATED_KEYS)) {
        insert.setString(1, input.source());
        insert.setString(2, new String(input.body(), StandardCharsets.UTF_8));
        insert.setString(3, input.headers().get("HubOrganizationId"));
        insert.setString(4, input.headers().get("HubLocationId"));
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          keys.next();
          outboxRows.put(keys.getLong(1), input.summary());
        }
      }
    }

    /**
     * Consumes hub.ingest.invalid until every case that must be refused there has arrived (or 60 s
     * passed); returns the cases found, each checked for its reason and source.
     */
    Set<Integer> awaitInvalid(Set<Integer> expected, Results results) {
      Set<Integer> found = new HashSet<>();
      ConsumerTemplate consumer = hub.context().createConsumerTemplate();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        Exchange parked = consumer.receive("jms:queue:hub.ingest.invalid", 1_000);
        if (parked == null) {
          if (found.containsAll(expected)) {
            break;
          }
          continue;
        }
        org.apache.camel.Message message = parked.getMessage();
        Integer index = message.getHeader(CASE_PROPERTY, Integer.class);
        String reason = message.getHeader("HubInvalidReason", String.class);
        if (index == null) {
          continue;
        }
        found.add(index);
        if (reason == null || reason.isBlank()) {
          results.failures.add("case #" + index + " parked without a reason");
        }
      }
      return found;
    }

    /** Waits until every outbox row is marked, then checks each mark against its case. */
    void awaitOutbox(Results results) throws Exception {
      try {
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> count("SELECT COUNT(*) FROM hub_outbox WHERE processed_at IS NULL") == 0);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        results.failures.add(
            "outbox rows left unprocessed (the relay is stuck): "
                + count("SELECT COUNT(*) FROM hub_outbox WHERE processed_at IS NULL"));
      }
      try (Statement s = database.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT id, event_id, error, processed_at FROM hub_outbox")) {
        while (rs.next()) {
          Case input = outboxRows.get(rs.getLong(1));
          if (input == null || rs.getTimestamp(4) == null) {
            continue;
          }
          String error = rs.getString(3);
          if (input.expect() == Expect.REJECT && (error == null || error.isBlank())) {
            results.fail(input, "outbox row relayed as event " + rs.getString(2) + ", not refused");
          } else if (input.expect() == Expect.DELIVER && error != null) {
            results.fail(input, "valid outbox row refused: " + error);
          }
          results.outcome(input, error == null ? "relayed" : "refused");
        }
      }
    }

    private long count(String sql) throws Exception {
      try (Statement s = database.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    }

    /** Every route started, the source queues and the pipeline's queues empty. */
    void assertNothingStuck(TestHub hub, Results results) {
      for (Route route : hub.context().getRoutes()) {
        if (!hub.context().getRouteController().getRouteStatus(route.getRouteId()).isStarted()) {
          results.failures.add("route " + route.getRouteId() + " is not started");
        }
      }
      EmbeddedBroker broker = hub.bean("embeddedBroker", EmbeddedBroker.class);
      List<String> queues = new ArrayList<>(List.of("hub.events", "hub.deliveries"));
      HostileInputs.SOURCES.forEach(s -> queues.add("hub.ingest." + s));
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> queues.stream().allMatch(q -> depth(broker, q) == 0));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        Map<String, Long> depths = new TreeMap<>();
        queues.forEach(q -> depths.put(q, depth(broker, q)));
        results.failures.add("queues not drained: " + depths);
      }
    }

    private static long depth(EmbeddedBroker broker, String name) {
      Queue queue = broker.server().getActiveMQServer().locateQueue(SimpleString.of(name));
      return queue == null ? 0 : queue.getMessageCount();
    }

    @Override
    public void close() throws Exception {
      if (stomp != null) {
        stomp.close();
      }
      core.close();
      amqp.close();
      database.close();
    }
  }

  /** What happened to each case, per channel, and every broken promise. */
  private static final class Results {
    /** Every broken promise; those of one case also name its channel in failedChannels. */
    final List<String> failures = new ArrayList<>();

    final Set<Channel> failedChannels = java.util.EnumSet.noneOf(Channel.class);
    final Map<Channel, Integer> hostile = new EnumMap<>(Channel.class);
    final Map<Channel, Set<String>> valid = new EnumMap<>(Channel.class);
    final Map<Integer, Case> queued = new HashMap<>();
    final Map<String, Integer> outcomes = new TreeMap<>();
    int duplicates;

    void sent(Case input) {
      if (input.expect() == Expect.DELIVER) {
        valid.computeIfAbsent(input.channel(), c -> new HashSet<>()).add(input.marker());
      } else {
        hostile.merge(input.channel(), 1, Integer::sum);
      }
      if (input.channel() == Channel.JMS
          || input.channel() == Channel.AMQP
          || input.channel() == Channel.STOMP) {
        queued.put(input.index(), input.summary());
      }
    }

    void fail(Case input, String what) {
      failedChannels.add(input.channel());
      failures.add(what + " — " + input.describe());
    }

    void outcome(Case input, String what) {
      outcomes.merge(input.channel() + " " + input.kind() + " → " + what, 1, Integer::sum);
    }

    void httpOutcome(Case input, RawHttp.Response response) {
      int status = response.status();
      outcome(input, String.valueOf(status));
      if (status >= 500 || status == 0) {
        fail(input, "answered " + status + " " + response.body());
        return;
      }
      if (status >= 400) {
        String contentType = String.valueOf(response.header("content-type"));
        if (isDecodeRefusal(response)) {
          // Vert.x refuses a request it cannot parse before the hub sees it, with a bare status
          // (docs/http-problems.md, "Before the hub"). Refused all the same, and counted.
          return;
        }
        if (!contentType.startsWith("application/problem+json")) {
          fail(input, "a " + status + " that is not problem+json (" + contentType + ")");
          return;
        }
        try {
          JsonNode problem = JSON.readTree(response.body());
          if (!problem.path("type").asText().startsWith("urn:webhook-hub:problem:")
              || problem.path("detail").asText().isBlank()) {
            fail(input, "a problem without a type or detail: " + response.body());
          }
        } catch (IOException e) {
          fail(input, "a problem body that is not JSON: " + response.body());
        }
        if (input.expect() == Expect.DELIVER) {
          fail(input, "valid event refused: " + response.body());
        }
      } else if (input.expect() == Expect.REJECT) {
        fail(input, "accepted (" + status + ") although it must be refused: " + response.body());
      }
    }

    /**
     * The HTTP server's own answer to a request it could not parse (a CR, LF or NUL in a header, a
     * request line or headers over its limits): 400, 414 or 431 without a body, before any route.
     */
    private static boolean isDecodeRefusal(RawHttp.Response response) {
      return List.of(400, 414, 431).contains(response.status())
          && response.header("content-type") == null
          && response.body().isEmpty();
    }

    Set<Integer> mustBeRefusedOnQueues() {
      Set<Integer> expected = new HashSet<>();
      queued.forEach(
          (index, input) -> {
            if (input.expect() == Expect.REJECT) {
              expected.add(index);
            }
          });
      return expected;
    }

    void queueOutcomes(Set<Integer> refused) {
      queued.forEach(
          (index, input) -> {
            boolean parked = refused.contains(index);
            outcome(input, parked ? "hub.ingest.invalid" : "taken");
            if (input.expect() == Expect.REJECT && !parked) {
              fail(input, "not on hub.ingest.invalid");
            } else if (input.expect() == Expect.DELIVER && parked) {
              fail(input, "valid event parked as invalid");
            }
          });
    }

    Set<String> markers() {
      Set<String> all = new HashSet<>();
      valid.values().forEach(all::addAll);
      return all;
    }

    void writeRows(Set<String> delivered, String notes, String details, Duration took) {
      for (Channel channel : Channel.values()) {
        Set<String> markers = valid.getOrDefault(channel, Set.of());
        long lost = markers.stream().filter(m -> !delivered.contains(m)).count();
        // A failure of no one case (a queue not drained, the heap) fails every channel's row.
        boolean channelFailed =
            failedChannels.contains(channel)
                || failures.size() > failures.stream().filter(f -> f.contains(" — #")).count();
        new ReliabilityRow(
                ReliabilityRow.partName("hostile input"),
                channel == Channel.ADMIN ? "admin API" : channel + " ingest",
                markers.isEmpty() ? ReliabilityRow.NA : markers.size() + " valid events in between",
                ReliabilityRow.NA,
                String.valueOf(hostile.getOrDefault(channel, 0)),
                markers.isEmpty() ? ReliabilityRow.NA : String.valueOf(lost),
                ReliabilityRow.NA,
                !channelFailed && lost == 0,
                notes)
            .appendTo("hostile-input");
      }
      new ReliabilityRow(
              ReliabilityRow.partName("hostile input"),
              "all channels",
              markers().size() + " valid events in between",
              ReliabilityRow.NA,
              String.valueOf(hostile.values().stream().mapToInt(Integer::intValue).sum()),
              String.valueOf(
                  markers().size() - delivered.stream().filter(markers()::contains).count()),
              String.valueOf(duplicates),
              failures.isEmpty(),
              notes + "; " + took.toSeconds() + " s; " + failures.size() + " failures; " + details)
          .appendTo("hostile-input");
    }

    String summary() {
      StringBuilder out = new StringBuilder("Outcomes:\n");
      outcomes.forEach((k, v) -> out.append("  ").append(k).append(": ").append(v).append('\n'));
      out.append(failures.size()).append(" failures");
      failures.stream().limit(40).forEach(f -> out.append("\n  ").append(f));
      return out.toString();
    }
  }
}
