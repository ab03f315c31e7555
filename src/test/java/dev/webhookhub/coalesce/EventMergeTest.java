package dev.webhookhub.coalesce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.envelope.Envelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventMergeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Envelope event(String id, String type, String timestamp, String data)
      throws Exception {
    return new Envelope(
        id, type, timestamp, "org-1", "loc-1", "1.1", "fitprotracker", JSON.readTree(data));
  }

  @ParameterizedTest(name = "{0} then {1} -> {2}")
  @CsvSource({
    "contact.created, contact.updated,        contact.created",
    "contact.created, contact.status_changed, contact.created",
    "contact.updated, contact.updated,        contact.updated",
    "contact.updated, contact.status_changed, contact.status_changed",
    "contact.created, contact.deleted,        contact.deleted",
    "contact.updated, contact.deleted,        contact.deleted",
    "contact.deleted, contact.created,        contact.created",
  })
  void typeOfTheMergedEvent(String earlier, String later, String merged) {
    assertThat(EventMerge.type(earlier, later)).isEqualTo(merged);
  }

  @Test
  void theLaterEventGivesIdTimestampAndLocationAndTheDataItsLatestState() throws Exception {
    Envelope created =
        event(
            "e1",
            "contact.created",
            "2025-11-06T17:22:00Z",
            "{\"contactId\": \"c-1\", \"firstName\": \"Priya\", \"group\": \"Lead\"}");
    Envelope updated =
        new Envelope(
            "e2",
            "contact.updated",
            "2025-11-06T17:22:02Z",
            "org-1",
            "loc-2",
            "1.1",
            "fitprotracker",
            JSON.readTree("{\"contactId\": \"c-1\", \"group\": \"Member\"}"));

    Envelope merged = EventMerge.merge(created, updated);

    assertThat(merged.eventId()).isEqualTo("e2");
    assertThat(merged.eventType()).isEqualTo("contact.created");
    assertThat(merged.eventTimestamp()).isEqualTo("2025-11-06T17:22:02Z");
    assertThat(merged.locationId()).isEqualTo("loc-2");
    assertThat(merged.data())
        .isEqualTo(
            JSON.readTree(
                "{\"contactId\": \"c-1\", \"firstName\": \"Priya\", \"group\": \"Member\"}"));
    assertThat(merged.replacedEventIds()).containsExactly("e1");
  }

  @Test
  void replacedIdsAccumulateAcrossMerges() throws Exception {
    Envelope merged = event("e1", "contact.updated", "2025-11-06T17:22:01Z", "{\"n\": 1}");
    for (int i = 2; i <= 10; i++) {
      String timestamp = String.format("2025-11-06T17:22:%02dZ", i);
      merged = EventMerge.merge(merged, event("e" + i, "contact.updated", timestamp, "{}"));
    }
    assertThat(merged.eventId()).isEqualTo("e10");
    assertThat(merged.replacedEventIds())
        .containsExactly("e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9");
    assertThat(EventMerge.contains(merged, "e3")).isTrue();
    assertThat(EventMerge.contains(merged, "e10")).isTrue();
    assertThat(EventMerge.contains(merged, "e11")).isFalse();
  }

  @Test
  void aLateArrivingOlderEventDoesNotOverwriteNewerState() throws Exception {
    Envelope newer =
        event("new", "contact.updated", "2025-11-06T17:22:05Z", "{\"group\": \"Member\"}");
    Envelope older =
        event(
            "old",
            "contact.updated",
            "2025-11-06T17:22:01Z",
            "{\"group\": \"Lead\", \"phone\": \"555\"}");

    Envelope merged = EventMerge.merge(newer, older);

    assertThat(merged.eventId()).isEqualTo("new");
    assertThat(merged.eventTimestamp()).isEqualTo("2025-11-06T17:22:05Z");
    assertThat(merged.data())
        .isEqualTo(JSON.readTree("{\"group\": \"Member\", \"phone\": \"555\"}"));
    assertThat(merged.replacedEventIds()).containsExactly("old");
  }

  @Test
  void aDeleteKeepsTheLastKnownStateAndARecreationStartsAfresh() throws Exception {
    Envelope updated =
        event(
            "e1", "contact.updated", "2025-11-06T17:22:00Z", "{\"contactId\": \"c-1\", \"a\": 1}");
    Envelope deleted =
        event("e2", "contact.deleted", "2025-11-06T17:22:01Z", "{\"contactId\": \"c-1\"}");
    Envelope recreated =
        event(
            "e3", "contact.created", "2025-11-06T17:22:02Z", "{\"contactId\": \"c-1\", \"b\": 2}");

    Envelope gone = EventMerge.merge(updated, deleted);
    assertThat(gone.eventType()).isEqualTo("contact.deleted");
    assertThat(gone.data()).isEqualTo(JSON.readTree("{\"contactId\": \"c-1\", \"a\": 1}"));

    Envelope back = EventMerge.merge(gone, recreated);
    assertThat(back.eventType()).isEqualTo("contact.created");
    assertThat(back.data()).isEqualTo(JSON.readTree("{\"contactId\": \"c-1\", \"b\": 2}"));
    assertThat(back.replacedEventIds()).containsExactly("e1", "e2");
  }

  @Test
  void anEnvelopeRoundTripsThroughJsonWithAndWithoutReplacedIds() throws Exception {
    Envelope single = event("e1", "contact.updated", "2025-11-06T17:22:00Z", "{\"n\": 1}");
    String singleJson = JSON.writeValueAsString(single);
    assertThat(singleJson).doesNotContain("replacedEventIds");
    assertThat(JSON.readValue(singleJson, Envelope.class)).isEqualTo(single);

    Envelope merged =
        EventMerge.merge(single, event("e2", "contact.updated", "2025-11-06T17:22:01Z", "{}"));
    String mergedJson = JSON.writeValueAsString(merged);
    assertThat(JSON.readTree(mergedJson).path("replacedEventIds").toString()).isEqualTo("[\"e1\"]");
    assertThat(JSON.readValue(mergedJson, Envelope.class)).isEqualTo(merged);
  }
}
