package dev.webhookhub.reliability;

import dev.webhookhub.signature.StandardWebhooksSignature;
import dev.webhookhub.testing.SeedSamples;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A seeded generator of hostile inputs for every way into the hub, made by mutating the seed
 * samples (src/test/resources/seeds) and a valid subscription. Case {@code i} of seed {@code s} is
 * always the same input: {@link #next} draws from a {@link Random} seeded with both, so a failing
 * case is reproduced by its seed and index alone, without replaying the cases before it.
 *
 * <p>Every tenth case is a valid event (marked so that the receiver can tell it arrived), so that a
 * hostile input that stalls a source shows up as a valid event lost behind it.
 */
final class HostileInputs {

  /** Where an input goes in. */
  enum Channel {
    HTTP,
    JMS,
    AMQP,
    STOMP,
    OUTBOX,
    ADMIN
  }

  /** What the hub must do with an input. */
  enum Expect {
    /** Refuse it: a 4xx problem, a message on hub.ingest.invalid, an outbox row error. */
    REJECT,
    /** Refuse it or take it as an event (the mutation left a valid one), never fail itself. */
    EITHER,
    /** A valid event; it must reach the subscription's receiver. */
    DELIVER
  }

  /**
   * One input.
   *
   * @param source the source it is sent as (HTTP ingest, queues, outbox); null for the admin API
   * @param target the HTTP request target (HTTP, admin), as sent
   * @param headers HTTP headers, or JMS/STOMP properties, or the outbox's organization_id and
   *     location_id columns
   */
  record Case(
      int index,
      Channel channel,
      String kind,
      Expect expect,
      String source,
      String method,
      String target,
      Map<String, String> headers,
      byte[] body,
      String marker) {

    /** The case without the bulk of its body, to keep until the end of a long run. */
    Case summary() {
      return body == null || body.length <= 200
          ? this
          : new Case(
              index,
              channel,
              kind,
              expect,
              source,
              method,
              target,
              headers,
              java.util.Arrays.copyOf(body, 200),
              marker);
    }

    String describe() {
      String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
      return "#"
          + index
          + " "
          + kind
          + " on "
          + channel
          + (source == null ? "" : " " + source)
          + (target == null ? "" : " " + method + " " + target)
          + " headers "
          + headers.keySet()
          + ": "
          + (text.length() > 200
              ? text.substring(0, 200) + "… (" + text.length() + " chars)"
              : text);
    }
  }

  /** The organization of the valid events, to which the test subscribes. */
  static final String ORGANIZATION = "fuzz-org";

  /** The bearer token the fineguide source requires in the test hub. */
  static final String FINEGUIDE_TOKEN = "fuzz-fineguide-token-0123456789";

  /** The signing secret the fitmetrics source requires in the test hub. */
  static final String FITMETRICS_SECRET = "whsec_" + "ZnV6ei1maXRtZXRyaWNzLXNpZ25pbmcta2V5MDE=";

  /** The HTTP ingest body limit the test hub is given, so that oversized bodies stay cheap. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  static final List<String> SOURCES = List.of("ufp", "fineguide", "fitmetrics", "fitprotracker");

  private static final Map<String, List<String>> SEEDS =
      Map.of(
          "ufp", List.of("ufp/new_lead_created.json"),
          "fitprotracker",
              List.of(
                  "fitprotracker/contact_created.json",
                  "fitprotracker/contact_status_changed.json"),
          "fitmetrics", List.of("fitmetrics/message_deferred.json"),
          "fineguide",
              List.of(
                  "fineguide/create_lead.json",
                  "fineguide/message.json",
                  "fineguide/message_audio_url.json",
                  "fineguide/rate_message.json",
                  "fineguide/session_closed.json",
                  "fineguide/session_open.json",
                  "fineguide/ticket.json",
                  "fineguide/variable_update.json"));

  /** The HTTP headers the hub reads on ingest, each a place for an injected CR, LF or NUL. */
  private static final List<String> INGEST_HEADERS =
      List.of(
          "Authorization",
          "Content-Type",
          "Hub-Organization-Id",
          "Hub-Location-Id",
          "webhook-id",
          "webhook-timestamp",
          "webhook-signature",
          "X-UFP-Signature",
          "X-FitMetrics-Signature");

  /** What a hostile client puts into a header value or property. */
  private static final List<String> INJECTIONS =
      List.of("\r\nX-Injected: 1", "\nX-Injected: 1", "\rX-Injected: 1", "\u0000", "\r\n\tfolded");

  /** Ids, names and query values a hostile operator script (or a confused one) sends. */
  private static final List<String> HOSTILE_VALUES =
      List.of(
          "",
          " ",
          "..",
          "../../etc/passwd",
          "%00",
          "%ZZ",
          "-1",
          "0",
          "99999999999999999999999",
          "1e309",
          "true&enabled=false",
          "2025-13-45T99:99:99Z",
          "' OR '1'='1",
          "'; DROP TABLE hub_subscription; --",
          "${jndi:ldap://127.0.0.1/x}",
          "{{id}}",
          "\u202e\u0000\u00e9\ud83d\ude00",
          "%0d%0aX-Injected:%201",
          "x".repeat(5000));

  private static final String[] WRONG_VALUES = {
    "[]", "{}", "true", "null", "-0", "1.5e308", "[[[[]]]]", "{\"$ref\": \"#\"}", "\"\"", "9"
  };

  private final long seed;
  private final String receiverUrl;
  private final String adminTarget;

  /**
   * @param receiverUrl where subscriptions created through the admin API point
   * @param adminTarget the id of a subscription that PUT, PATCH and the actions mutate
   */
  HostileInputs(long seed, String receiverUrl, String adminTarget) {
    this.seed = seed;
    this.receiverUrl = receiverUrl;
    this.adminTarget = adminTarget;
  }

  Case next(int index) {
    Random random = new Random(seed * 1_000_003L + index);
    if (index % 10 == 5) {
      return valid(index, random);
    }
    Channel channel =
        pick(
            random,
            List.of(
                Channel.HTTP,
                Channel.HTTP,
                Channel.HTTP,
                Channel.HTTP,
                Channel.ADMIN,
                Channel.ADMIN,
                Channel.JMS,
                Channel.AMQP,
                Channel.STOMP,
                Channel.OUTBOX));
    return channel == Channel.ADMIN ? admin(index, random) : ingest(index, random, channel);
  }

  // ---- valid events -------------------------------------------------------------------------

  private Case valid(int index, Random random) {
    Channel channel =
        pick(
            random,
            List.of(Channel.HTTP, Channel.JMS, Channel.AMQP, Channel.STOMP, Channel.OUTBOX));
    String marker = "valid-" + seed + "-" + index;
    boolean ufp = random.nextBoolean();
    String body =
        ufp
            ? SeedSamples.read("ufp/new_lead_created.json")
                .replace("\"company_id\": 1", "\"company_id\": \"" + ORGANIZATION + "\"")
                .replace("\"Campaign\"", "\"" + marker + "\"")
            : SeedSamples.read("fitprotracker/contact_created.json")
                .replace("org-1042", ORGANIZATION)
                .replace("5b0f7c2e-8d4a-4c61-9e3b-2a7d1f6c9e04", uuid(random).toString())
                .replace("\"Priya\"", "\"" + marker + "\"");
    String source = ufp ? "ufp" : "fitprotracker";
    Map<String, String> headers = new LinkedHashMap<>();
    if (channel == Channel.HTTP) {
      headers.put("Content-Type", "application/json");
    }
    return new Case(
        index,
        channel,
        "valid",
        Expect.DELIVER,
        source,
        "POST",
        channel == Channel.HTTP ? "/ingest/" + source : null,
        headers,
        body.getBytes(StandardCharsets.UTF_8),
        marker);
  }

  // ---- sources ------------------------------------------------------------------------------

  private Case ingest(int index, Random random, Channel channel) {
    String source = pick(random, SOURCES);
    // Sometimes another family's message: valid JSON, but not an event of this source.
    String seedSource = random.nextInt(8) == 0 ? pick(random, SOURCES) : source;
    String sample = SeedSamples.read(pick(random, SEEDS.get(seedSource)));
    List<String> kinds =
        List.of(
            "truncated",
            "malformed",
            "not-an-object",
            "trailing-garbage",
            "deep-nesting",
            "nesting",
            "huge-string",
            "huge-number",
            "wrong-type",
            "invalid-utf8",
            "duplicate-keys",
            "oversized",
            "unknown-source",
            "unknown-event-type",
            "header-injection");
    String kind = pick(random, kinds);
    Expect expect = Expect.EITHER;
    byte[] body;
    Map<String, String> headers = new LinkedHashMap<>();
    switch (kind) {
      case "truncated" -> {
        body = utf8(sample.substring(0, random.nextInt(sample.lastIndexOf('}'))));
        expect = Expect.REJECT;
      }
      case "malformed" -> {
        body = utf8(malformed(sample, random));
        expect = Expect.REJECT;
      }
      case "not-an-object" -> {
        body =
            utf8(pick(random, List.of("[]", "\"text\"", "42", "null", "true", "[" + sample + "]")));
        expect = Expect.REJECT;
      }
      case "trailing-garbage" -> {
        body = utf8(sample.strip() + pick(random, List.of("}", "x", "{}", ",", "]", sample)));
        expect = Expect.REJECT;
      }
      case "deep-nesting" -> {
        body = utf8(withValue(sample, random, nested(10_000, random)));
        expect = Expect.REJECT;
      }
      case "nesting" ->
          body = utf8(withValue(sample, random, nested(1 + random.nextInt(900), random)));
      case "huge-string" -> {
        int length = channel == Channel.HTTP ? MAX_BODY_BYTES - sample.length() - 100 : 200_000;
        body =
            utf8(withValue(sample, random, "\"" + "A".repeat(1 + random.nextInt(length)) + "\""));
      }
      case "huge-number" -> {
        String number =
            pick(
                random,
                List.of(
                    "1" + "0".repeat(random.nextInt(999)),
                    "-" + "9".repeat(1 + random.nextInt(999)),
                    "1e" + random.nextInt(Integer.MAX_VALUE),
                    "0." + "0".repeat(random.nextInt(500)) + "1",
                    "1.7976931348623157e309"));
        body = utf8(withValue(sample, random, number));
      }
      case "wrong-type" ->
          body = utf8(withValue(sample, random, pick(random, List.of(WRONG_VALUES))));
      case "invalid-utf8" -> {
        body = invalidUtf8(sample, random);
        // The outbox's payload is text in the database: there are no bytes to get wrong.
        expect = channel == Channel.OUTBOX ? Expect.EITHER : Expect.REJECT;
      }
      case "duplicate-keys" -> {
        body = utf8(duplicateKey(sample, random));
        expect = Expect.REJECT;
      }
      case "oversized" -> {
        body = utf8(withValue(sample, random, "\"" + "B".repeat(MAX_BODY_BYTES) + "\""));
        // Only HTTP has a body limit; on a queue or in the outbox it is a large event.
        expect = channel == Channel.HTTP ? Expect.REJECT : Expect.EITHER;
      }
      case "unknown-source" -> {
        body = utf8(sample);
        if (channel == Channel.HTTP || channel == Channel.OUTBOX) {
          source = unknownSource(random);
          if (channel == Channel.OUTBOX && source.length() > 64) {
            // The outbox's source column holds 64: the writer's INSERT fails, not the hub.
            source = source.substring(0, 64);
          }
          expect = Expect.REJECT;
        }
      }
      case "unknown-event-type" -> body = utf8(unknownType(sample, random));
      case "header-injection" -> {
        body = utf8(sample);
        // PostgreSQL refuses NUL in text: an outbox writer could not even insert it.
        String injected =
            pick(random, channel == Channel.OUTBOX ? INJECTIONS.subList(0, 3) : INJECTIONS);
        String header =
            channel == Channel.HTTP
                ? pick(random, INGEST_HEADERS)
                : pick(random, List.of("HubOrganizationId", "HubLocationId"));
        headers.put(header, "org-1" + injected);
        // The organization from the transport is used only when the message names none.
        boolean bodyNamesOrganization =
            sample.contains("\"organizationId\"") || sample.contains("\"company_id\"");
        if (channel != Channel.HTTP
            && header.equals("HubOrganizationId")
            && !bodyNamesOrganization
            && seedSource.equals(source)) {
          expect = Expect.REJECT;
        }
      }
      default -> throw new IllegalStateException(kind);
    }
    if (channel == Channel.HTTP) {
      headers = httpIngestHeaders(source, body, headers, random);
    } else if (!headers.containsKey("HubOrganizationId") && random.nextBoolean()) {
      headers.put("HubOrganizationId", "org-" + random.nextInt(100));
    }
    return new Case(
        index,
        channel,
        kind,
        expect,
        source,
        "POST",
        channel == Channel.HTTP ? "/ingest/" + encode(source) : null,
        headers,
        body,
        null);
  }

  /**
   * What a well-behaved sender of that source sends (credentials, organization), unless the case
   * replaced one of them with an injected value.
   */
  private static Map<String, String> httpIngestHeaders(
      String source, byte[] body, Map<String, String> injected, Random random) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(
        "Content-Type",
        pick(
            random,
            List.of(
                "application/json",
                "application/json; charset=utf-8",
                "application/cloudevents+json")));
    headers.put("Hub-Organization-Id", "org-" + random.nextInt(100));
    if (random.nextInt(4) == 0) {
      headers.put("Hub-Location-Id", "loc-" + random.nextInt(100));
    }
    if (source.equals("fineguide")) {
      headers.put("Authorization", "Bearer " + FINEGUIDE_TOKEN);
    }
    if (source.equals("fitmetrics")) {
      String id = "msg_" + random.nextInt(1_000_000);
      long now = System.currentTimeMillis() / 1000;
      headers.put("webhook-id", id);
      headers.put("webhook-timestamp", String.valueOf(now));
      headers.put(
          "webhook-signature", StandardWebhooksSignature.sign(FITMETRICS_SECRET, id, now, body));
    }
    headers.putAll(injected);
    return headers;
  }

  // ---- admin API ----------------------------------------------------------------------------

  private Case admin(int index, Random random) {
    String subscription =
        "{\"organizationId\": \"admin-fuzz-org\", \"locationId\": null, \"eventTypes\":"
            + " [\"lead.*\", \"contact.created\"], \"url\": \""
            + receiverUrl
            + "\", \"profile\": \"envelope\", \"headers\": {\"X-Partner\": \"p-1\"},"
            + " \"filter\": {\"field\": \"data.botId\", \"equals\": \"b-1\"},"
            + " \"retryPolicy\": {\"preset\": \"default\"}, \"rateLimit\": 5,"
            + " \"description\": \"made by the fuzzer\"}";
    String target = "/api/subscriptions/" + adminTarget;
    String kind;
    String method;
    String path;
    Expect expect = Expect.EITHER;
    String body = null;
    int shape = random.nextInt(10);
    if (shape < 6) {
      // A subscription body, mutated.
      method = pick(random, List.of("POST", "PUT", "PATCH"));
      path = method.equals("POST") ? "/api/subscriptions" : target;
      kind =
          pick(
              random,
              List.of(
                  "truncated",
                  "malformed",
                  "duplicate-keys",
                  "wrong-type",
                  "huge-string",
                  "nesting",
                  "header-injection",
                  "hostile-url",
                  "not-an-object"));
      switch (kind) {
        case "truncated" -> {
          body = subscription.substring(0, random.nextInt(subscription.length() - 1));
          expect = Expect.REJECT;
        }
        case "malformed" -> {
          body = malformed(subscription, random);
          expect = Expect.REJECT;
        }
        case "duplicate-keys" -> {
          body = duplicateKey(subscription, random);
          expect = Expect.REJECT;
        }
        case "not-an-object" -> {
          body = pick(random, List.of("[]", "\"text\"", "42", "true"));
          expect = Expect.REJECT;
        }
        case "wrong-type" ->
            body = withValue(subscription, random, pick(random, List.of(WRONG_VALUES)));
        case "huge-string" ->
            body =
                withValue(
                    subscription, random, "\"" + "C".repeat(1 + random.nextInt(200_000)) + "\"");
        case "nesting" ->
            body = withValue(subscription, random, nested(1 + random.nextInt(900), random));
        case "header-injection" -> {
          // Headers the hub will write on every delivery: CR, LF or NUL in one would split it.
          String raw = pick(random, INJECTIONS);
          String injected = json(raw);
          body =
              random.nextBoolean()
                  ? subscription.replace("\"p-1\"", "\"p-1" + injected.substring(1))
                  : subscription.replace("\"X-Partner\"", "\"X-Partner" + injected.substring(1));
          expect = Expect.REJECT;
        }
        case "hostile-url" -> {
          String url =
              pick(
                  random,
                  List.of(
                      "file:///etc/passwd",
                      "javascript:alert(1)",
                      "http://169.254.169.254/latest/meta-data/",
                      "https://10.0.0.1/x",
                      "https://[::1]/x",
                      "gopher://127.0.0.1:25/",
                      "https://example.invalid/\r\nX-Injected: 1",
                      "https://" + "a".repeat(70_000) + ".com/",
                      "not a url",
                      ""));
          body = subscription.replace("\"" + receiverUrl + "\"", json(url));
          expect = Expect.REJECT;
        }
        default -> throw new IllegalStateException(kind);
      }
    } else if (shape < 8) {
      kind = "hostile-query";
      method = "GET";
      String list =
          pick(random, List.of("/api/subscriptions", "/api/deliveries", "/api/dead-letters"));
      String parameter =
          pick(
              random,
              List.of(
                  "organizationId",
                  "locationId",
                  "enabled",
                  "subscriptionId",
                  "eventId",
                  "status",
                  "since",
                  "until",
                  "limit"));
      path = list + "?" + parameter + "=" + hostileValue(random);
    } else {
      kind = "hostile-id";
      String id = hostileValue(random);
      List<String[]> calls =
          List.of(
              new String[] {"GET", "/api/subscriptions/" + id},
              new String[] {"DELETE", "/api/subscriptions/" + id},
              new String[] {"PATCH", "/api/subscriptions/" + id},
              new String[] {"POST", "/api/subscriptions/" + id + "/disable"},
              new String[] {"POST", "/api/subscriptions/" + id + "/rotate-secret"},
              new String[] {"POST", "/api/subscriptions/" + id + "/recover"},
              new String[] {"GET", "/api/events/" + id},
              new String[] {"GET", "/api/deliveries/" + id},
              new String[] {"POST", "/api/deliveries/" + id + "/replay"},
              new String[] {"POST", "/api/dead-letters/" + id + "/redrive"},
              new String[] {"POST", target + "/rotate-secret"},
              new String[] {"POST", target + "/recover"},
              new String[] {"POST", target + "/test"},
              new String[] {"POST", "/api/events/replay"});
      String[] call = pick(random, calls);
      method = call[0];
      path = call[1];
      if (!method.equals("GET") && !method.equals("DELETE")) {
        String value = json(random.nextBoolean() ? id : pick(random, HOSTILE_VALUES));
        body =
            pick(
                random,
                List.of(
                    "{\"reason\": " + value + "}",
                    "{\"overlap\": " + value + "}",
                    "{\"since\": " + value + "}",
                    "{\"eventType\": " + value + "}",
                    "{\"from\": "
                        + value
                        + ", \"to\": "
                        + value
                        + ", \"subscriptionId\": "
                        + value
                        + "}",
                    "{\"disabled\": " + value + "}"));
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + dev.webhookhub.testing.TestHub.ADMIN_TOKEN);
    if (body != null) {
      headers.put(
          "Content-Type",
          method.equals("PATCH") ? "application/merge-patch+json" : "application/json");
    }
    return new Case(
        index,
        Channel.ADMIN,
        kind,
        expect,
        null,
        method,
        path,
        headers,
        body == null ? null : utf8(body),
        null);
  }

  /** Mostly percent-encoded, as a client library sends it; sometimes raw, as curl lets you. */
  private static String hostileValue(Random random) {
    String value = pick(random, HOSTILE_VALUES);
    return random.nextInt(4) == 0
        ? value.replaceAll("[\\s\\u0000-\\u001f\\u007f-\\uffff]", "")
        : encode(value);
  }

  // ---- mutations ----------------------------------------------------------------------------

  /** One change that makes the text not JSON. */
  private static String malformed(String json, Random random) {
    int at = 1 + random.nextInt(json.lastIndexOf('}') - 1);
    return switch (random.nextInt(6)) {
      case 0 -> json.replaceFirst(":", "=");
      case 1 -> json.replaceFirst("\\{", "{,,");
      case 2 -> {
        // Drop one quote: an odd count of quotes is never JSON.
        int quote = json.indexOf('"', at);
        quote = quote < 0 ? json.indexOf('"') : quote;
        yield json.substring(0, quote) + json.substring(quote + 1);
      }
      case 3 -> json.replace('"', '\'');
      case 4 -> json.substring(0, json.lastIndexOf('}'));
      default -> json.replaceFirst("\"", "\"\\\\q");
    };
  }

  /** The first key again, first, with another value: a reader keeping either one is fooled. */
  private static String duplicateKey(String json, Random random) {
    int open = json.indexOf('"');
    String key = json.substring(open, json.indexOf('"', open + 1) + 1);
    return "{"
        + key
        + ": "
        + pick(random, List.of("\"x\"", "1", "{}", "null"))
        + ", "
        + json.substring(json.indexOf('{') + 1);
  }

  /** The value of a random field (at any depth) replaced by {@code value}, given as JSON text. */
  private static String withValue(String json, Random random, String value) {
    List<int[]> values = new java.util.ArrayList<>();
    // Find each "key": value span of scalar values (strings, numbers, literals) in the text.
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "\"[^\"\\\\]*\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[-0-9.eE+]+|true|false|null)")
            .matcher(json);
    while (m.find()) {
      values.add(new int[] {m.start(1), m.end(1)});
    }
    if (values.isEmpty()) {
      return json;
    }
    int[] span = values.get(random.nextInt(values.size()));
    return json.substring(0, span[0]) + value + json.substring(span[1]);
  }

  /** {@code depth} arrays or objects inside each other. */
  private static String nested(int depth, Random random) {
    boolean arrays = random.nextBoolean();
    StringBuilder text = new StringBuilder(depth * 6);
    text.append((arrays ? "[" : "{\"a\":").repeat(depth));
    text.append("1");
    text.append((arrays ? "]" : "}").repeat(depth));
    return text.toString();
  }

  private static byte[] invalidUtf8(String json, Random random) {
    byte[][] bad = {
      {(byte) 0xff},
      {(byte) 0xc3, 0x28},
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
      {(byte) 0xe2, (byte) 0x82},
      {(byte) 0xc0, (byte) 0xaf}
    };
    // Inside a string value, where a lenient decoder would turn it into U+FFFD unnoticed.
    int quote = json.indexOf('"', json.indexOf(':'));
    byte[] before = utf8(json.substring(0, quote + 1));
    byte[] after = utf8(json.substring(quote + 1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before);
    out.writeBytes(bad[random.nextInt(bad.length)]);
    out.writeBytes(after);
    return out.toByteArray();
  }

  private static String unknownType(String json, Random random) {
    String type =
        pick(
            random,
            List.of(
                "no_such_event",
                "lead.",
                ".",
                "LEAD.CREATED",
                "a".repeat(10_000),
                "lead.created\\u0000",
                "hub.delivery.dead",
                "../../x",
                "\\r\\nX: 1"));
    return json.replaceFirst(
        "\"(webhook_event_type|type|event|eventType)\"\\s*:\\s*\"[^\"]*\"",
        "\"$1\": \"" + type + "\"");
  }

  private static String unknownSource(Random random) {
    return pick(
        random,
        List.of(
            "nosuchsource",
            "UFP",
            "ufp ",
            "ufp/../fineguide",
            "%2e%2e",
            "a".repeat(300),
            "hub",
            "ufp%00",
            "\u00fcfp"));
  }

  private static String json(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static UUID uuid(Random random) {
    return new UUID(random.nextLong(), random.nextLong());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static <T> T pick(Random random, List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }
}
