package dev.webhookhub.delivery;

import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestReceiver;
import dev.webhookhub.testing.TestReceiver.Received;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The source systems and partners of an outage test. Each organization has a source that sends its
 * numbered events over HTTP ingest one after another, the next only once the previous one was
 * accepted (202); an event answered otherwise is sent again shortly, as a source retries. Each
 * organization has {@code subscriptionsPerOrganization} subscriptions, each on a path of its own on
 * one receiver. What it keeps: every answer and how long it took, the events accepted, and what
 * each subscription received in arrival order.
 */
final class OutageLoad implements AutoCloseable {

  /** One answer to an ingest request. */
  record Answer(long sentAtNanos, long millis, int status, String retryAfter, String contentType) {
    boolean answeredWithin(long limitMillis) {
      return millis <= limitMillis;
    }
  }

  /** What the subscriptions received, judged against what was accepted. */
  record Outcome(int accepted, int expected, int missing, int duplicates, int orderViolations) {}

  /** How long a source waits before sending a refused event again. */
  private static final long RESEND_PAUSE_MILLIS = 200;

  private final Senders senders;
  private final TestReceiver receiver;
  private final int organizations;
  private final int subscriptionsPerOrganization;
  private final List<Answer> answers = new CopyOnWriteArrayList<>();
  private final Map<Integer, List<Integer>> accepted = new ConcurrentHashMap<>();
  private final Map<String, List<Received>> arrived = new HashMap<>();
  private final List<Thread> sources = new ArrayList<>();
  private volatile boolean sending;

  OutageLoad(
      Senders senders, TestReceiver receiver, int organizations, int subscriptionsPerOrganization) {
    this.senders = senders;
    this.receiver = receiver;
    this.organizations = organizations;
    this.subscriptionsPerOrganization = subscriptionsPerOrganization;
  }

  /** The subscriptions to create, as admin API bodies. */
  List<String> subscriptions() {
    List<String> bodies = new ArrayList<>();
    for (int organization = 1; organization <= organizations; organization++) {
      for (int s = 1; s <= subscriptionsPerOrganization; s++) {
        bodies.add(
            "{\"organizationId\": \""
                + organization
                + "\", \"eventTypes\": [\"*\"], \"url\": \""
                + receiver.url(path(organization, s))
                + "\"}");
      }
    }
    return bodies;
  }

  private static String path(int organization, int subscription) {
    return "/o" + organization + "/s" + subscription;
  }

  void start() {
    sending = true;
    for (int organization = 1; organization <= organizations; organization++) {
      int org = organization;
      accepted.put(org, new CopyOnWriteArrayList<>());
      Thread source = new Thread(() -> send(org), "outage-source-" + org);
      source.setDaemon(true);
      sources.add(source);
      source.start();
    }
  }

  private void send(int organization) {
    int number = 1;
    while (sending) {
      long started = System.nanoTime();
      int status;
      String retryAfter = null;
      String contentType = null;
      try {
        HttpResponse<String> answer =
            senders.httpJson("ufp", NumberedEvents.body(number, organization));
        status = answer.statusCode();
        retryAfter = answer.headers().firstValue("Retry-After").orElse(null);
        contentType = answer.headers().firstValue("Content-Type").orElse(null);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        status = -1;
      }
      answers.add(
          new Answer(
              started,
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
              status,
              retryAfter,
              contentType));
      if (status == 202) {
        accepted.get(organization).add(number);
        number++;
      } else {
        try {
          Thread.sleep(RESEND_PAUSE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Stops the sources once each has its answer to the request in hand. */
  void stop() throws InterruptedException {
    sending = false;
    for (Thread source : sources) {
      source.join(TimeUnit.SECONDS.toMillis(60));
    }
  }

  List<Answer> answers() {
    return answers;
  }

  /** Answers to requests sent at or after {@code fromNanos} and before {@code toNanos}. */
  List<Answer> answersSent(long fromNanos, long toNanos) {
    return answers.stream()
        .filter(a -> a.sentAtNanos() >= fromNanos && a.sentAtNanos() < toNanos)
        .toList();
  }

  int acceptedCount() {
    return accepted.values().stream().mapToInt(List::size).sum();
  }

  /** Takes what arrived since the last call; true once every accepted event reached everyone. */
  synchronized boolean allArrived() {
    return outcome().missing() == 0;
  }

  /** Every accepted event at every subscription of its organization, in arrival order. */
  synchronized Outcome outcome() {
    int expected = 0;
    int missing = 0;
    int duplicates = 0;
    int violations = 0;
    for (int organization = 1; organization <= organizations; organization++) {
      List<Integer> sent = accepted.getOrDefault(organization, List.of());
      for (int s = 1; s <= subscriptionsPerOrganization; s++) {
        String path = path(organization, s);
        List<Received> got = arrived.computeIfAbsent(path, p -> new ArrayList<>());
        got.addAll(receiver.drain(path));
        Set<String> deliveries = new HashSet<>();
        Set<Integer> numbers = new HashSet<>();
        int last = 0;
        for (Received delivery : got) {
          if (!deliveries.add(delivery.header("X-Hub-Delivery"))) {
            duplicates++;
            continue;
          }
          int number = NumberedEvents.number(delivery);
          numbers.add(number);
          // The first arrival of each event must come after the first arrival of the one before.
          if (number < last) {
            violations++;
          }
          last = Math.max(last, number);
        }
        expected += sent.size();
        missing += (int) sent.stream().filter(n -> !numbers.contains(n)).count();
      }
    }
    return new Outcome(acceptedCount(), expected, missing, duplicates, violations);
  }

  /** The summary of {@code answers} a report line gives. */
  static String describe(List<Answer> answers, IntFunction<String> none) {
    if (answers.isEmpty()) {
      return none.apply(0);
    }
    long accepted = answers.stream().filter(a -> a.status() == 202).count();
    long refused = answers.stream().filter(a -> a.status() == 503).count();
    long slowest = answers.stream().mapToLong(Answer::millis).max().orElse(0);
    return answers.size()
        + " requests: "
        + accepted
        + " × 202, "
        + refused
        + " × 503, "
        + (answers.size() - accepted - refused)
        + " other; slowest answer "
        + slowest
        + " ms";
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
