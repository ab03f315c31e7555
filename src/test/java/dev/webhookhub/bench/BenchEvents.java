package dev.webhookhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.SeedSamples;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Locale;

/**
 * What every scenario sends and subscribes: a UFP lead event named and owned as asked, posted to
 * {@code /ingest/ufp}, and subscriptions to every event type of one organization.
 */
final class BenchEvents {

  private static final String TEMPLATE = SeedSamples.read("ufp/new_lead_created.json");

  /** Subscriptions of the isolation scenarios: organizations 1..40 of 200 (20 %) fail. */
  static final int ISOLATION_SUBSCRIPTIONS = 200;

  private static final int ISOLATION_FAILING = ISOLATION_SUBSCRIPTIONS / 5;

  private BenchEvents() {}

  /**
   * A lead event of {@code organization} whose client is called {@code name}: a name starting with
   * {@code bench-} is a marker the receiver stamps with its arrival time.
   */
  static String event(String name, int organization) {
    return TEMPLATE
        .replace("\"Campaign\"", "\"" + name + "\"")
        .replace("\"company_id\": 1,", "\"company_id\": " + organization + ",");
  }

  /** The HTTP ingest request of one event. */
  static HttpLoad.Request ingest(String event) {
    return new HttpLoad.Request(
        "/ingest/ufp",
        MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json"),
        Buffer.buffer(event));
  }

  /**
   * Subscribes {@code url} to every event of {@code org}; {@code timeoutSeconds} null keeps the
   * default.
   *
   * @return the subscription's id
   */
  static String subscribe(AdminClient admin, int org, String url, Integer timeoutSeconds)
      throws Exception {
    JsonNode created =
        admin.create(
            "{\"organizationId\": \""
                + org
                + "\", \"eventTypes\": [\"*\"], \"url\": \""
                + url
                + "\""
                + (timeoutSeconds == null
                    ? ""
                    : ", \"retryPolicy\": {\"timeoutSeconds\": " + timeoutSeconds + "}")
                + "}");
    return created.path("id").asText();
  }

  /**
   * The receiver behaviour of organization {@code org} in the isolation scenarios: the first tenth
   * hang past the 2 s timeout, the next tenth answer 500, the rest 200.
   */
  static String isolationBehaviour(int org) {
    return org <= ISOLATION_FAILING / 2 ? "hang" : org <= ISOLATION_FAILING ? "fail" : "ok";
  }

  /**
   * Subscribes organizations 1..200, one subscription each with a 2 s timeout, to {@code
   * /<key>/<behaviour>/<org>} on the receiver.
   */
  static void subscribeIsolation(AdminClient admin, ReceiverProcess receiver, String key)
      throws Exception {
    for (int org = 1; org <= ISOLATION_SUBSCRIPTIONS; org++) {
      subscribe(admin, org, receiver.url("/" + key + "/" + isolationBehaviour(org) + "/" + org), 2);
    }
  }

  /**
   * The receiver counts under {@code <key>/<behaviour>} for the whole run, across databases: each
   * scenario on each database gets keys of its own, so that one's stragglers never count for the
   * next.
   */
  static String receiverKey(String scenario, String db) {
    return scenario + "-" + db.toLowerCase(Locale.ROOT);
  }

  /** The organization of the {@code i}-th event sent round-robin to {@code organizations}. */
  static int organization(long i, int organizations) {
    return 1 + (int) (i % organizations);
  }

  /** Now, in epoch microseconds: comparable with the receiver's stamps (same system clock). */
  static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
