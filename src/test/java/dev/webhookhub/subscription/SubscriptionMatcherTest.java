package dev.webhookhub.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.delivery.RetryPolicy;
import dev.webhookhub.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionMatcherTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A source that counts how often the matcher reads it. */
  private static final class CountingSource implements SubscriptionMatcher.Source {
    final List<Subscription> subscriptions = new ArrayList<>();
    long version;
    int versionReads;
    int loads;

    @Override
    public long version() {
      versionReads++;
      return version;
    }

    @Override
    public List<Subscription> all() {
      loads++;
      return List.copyOf(subscriptions);
    }
  }

  private final CountingSource source = new CountingSource();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final SubscriptionMatcher matcher =
      new SubscriptionMatcher(source, Duration.ofSeconds(1), clock);

  private static Subscription subscription(
      String id, String org, String location, List<String> types, String filter) throws Exception {
    Instant t = Instant.EPOCH;
    return new Subscription(
        id,
        org,
        location,
        types,
        filter == null ? null : JSON.readTree(filter),
        "https://example.com/",
        "envelope",
        Map.of(),
        Map.of(),
        RetryPolicy.defaults(),
        null,
        null,
        true,
        null,
        null,
        t,
        t);
  }

  private static JsonNode event(String type, String org, String location, String data)
      throws Exception {
    return JSON.readTree(
        "{\"eventId\": \"e\", \"eventType\": \""
            + type
            + "\", \"organizationId\": \""
            + org
            + "\", \"locationId\": "
            + (location == null ? "null" : "\"" + location + "\"")
            + ", \"data\": "
            + data
            + "}");
  }

  private List<String> ids(JsonNode event) throws Exception {
    return matcher.match(event).stream().map(Subscription::id).toList();
  }

  @Test
  void matchesOrganizationLocationPatternsAndFilters() throws Exception {
    source.subscriptions.addAll(
        List.of(
            subscription("org-wide", "o1", null, List.of("contact.*"), null),
            subscription("loc-a", "o1", "a", List.of("*"), null),
            subscription("loc-b", "o1", "b", List.of("*"), null),
            subscription("exact", "o1", null, List.of("lead.created"), null),
            subscription("other-org", "o2", null, List.of("*"), null),
            subscription(
                "vip",
                "o1",
                null,
                List.of("*"),
                "{\"any\": [{\"field\": \"data.tier\", \"in\": [\"gold\", \"platinum\"]},"
                    + " {\"field\": \"data.email\", \"prefix\": \"ceo@\"}]}")));

    assertThat(ids(event("contact.updated", "o1", "a", "{}"))).containsExactly("org-wide", "loc-a");
    assertThat(ids(event("contact.sub.deep", "o1", null, "{}"))).containsExactly("org-wide");
    assertThat(ids(event("lead.created", "o1", "b", "{\"tier\": \"gold\"}")))
        .containsExactly("loc-b", "exact", "vip");
    assertThat(ids(event("lead.created_x", "o1", "c", "{\"email\": \"ceo@x\"}")))
        .containsExactly("vip");
    assertThat(ids(event("contactx.created", "o1", "c", "{}"))).isEmpty();
    assertThat(ids(event("contact.created", "o3", null, "{}"))).isEmpty();
  }

  @Test
  void readsTheDatabaseOncePerIntervalNotPerEvent() throws Exception {
    source.subscriptions.add(subscription("s", "o1", null, List.of("*"), null));
    JsonNode event = event("lead.created", "o1", null, "{}");

    for (int i = 0; i < 10_000; i++) {
      assertThat(ids(event)).containsExactly("s");
    }
    assertThat(source.loads).isEqualTo(1);
    assertThat(source.versionReads).isEqualTo(1);

    // Another hub changed something: seen at the next check, not before.
    source.subscriptions.clear();
    source.version++;
    assertThat(ids(event)).containsExactly("s");
    clock.advance(Duration.ofSeconds(1));
    assertThat(ids(event)).isEmpty();
    assertThat(source.loads).isEqualTo(2);

    // Nothing changed: the check is one version read, no reload.
    clock.advance(Duration.ofSeconds(5));
    ids(event);
    assertThat(source.loads).isEqualTo(2);
    assertThat(source.versionReads).isEqualTo(3);

    // A change made through this hub is seen at once.
    source.subscriptions.add(subscription("t", "o1", null, List.of("*"), null));
    source.version++;
    matcher.invalidate();
    assertThat(ids(event)).containsExactly("t");
  }
}
