package dev.webhookhub.envelope.fitmetrics;

import static dev.webhookhub.envelope.Fixtures.RECEIVED;
import static dev.webhookhub.envelope.Fixtures.assertNameBasedUuid;
import static dev.webhookhub.envelope.Fixtures.json;
import static dev.webhookhub.envelope.Fixtures.reversed;
import static dev.webhookhub.envelope.Fixtures.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.DateOrder;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.InvalidEventException;
import dev.webhookhub.envelope.SourceMessage;
import dev.webhookhub.envelope.SourceSettings;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FitMetricsNormaliserTest {

  private static final SourceSettings FITMETRICS =
      new SourceSettings(
          "fitmetrics", "fitmetrics", "org-coaching", ZoneId.of("UTC"), DateOrder.MDY);

  private final FitMetricsNormaliser normaliser = new FitMetricsNormaliser();

  private Envelope normalise(ObjectNode body) {
    return normaliser.normalise(SourceMessage.of(body, RECEIVED), FITMETRICS);
  }

  private static ObjectNode fixture() {
    return seed("fitmetrics/message_deferred.json");
  }

  @Test
  void normalisesTheDeferral() {
    Envelope envelope = normalise(fixture());

    assertNameBasedUuid(envelope.eventId());
    assertThat(normalise(reversed(fixture())).eventId()).isEqualTo(envelope.eventId());
    assertThat(envelope.eventType()).isEqualTo("message.deferred");
    assertThat(envelope.eventTimestamp()).isEqualTo("2025-11-06T17:22:04Z");
    assertThat(envelope.organizationId()).isEqualTo("org-coaching");
    assertThat(envelope.locationId()).isNull();
    assertThat(envelope.apiVersion()).isEqualTo("1.1");
    assertThat(envelope.source()).isEqualTo("fitmetrics");
    ObjectNode expectedData = fixture();
    expectedData.remove("event");
    expectedData.remove("timestamp");
    assertThat(envelope.data()).isEqualTo(expectedData);
    assertThat(envelope.data().fieldNames())
        .toIterable()
        .containsExactly("client", "message", "deferral", "assigned_coach");
  }

  @Test
  void organizationAndLocationInTheBodyWinAndLeaveData() {
    ObjectNode body = fixture();
    body.put("organization_id", "org-body");
    body.put("location_id", "studio-north");

    Envelope envelope =
        normaliser.normalise(
            new SourceMessage(body, "org-header", "loc-header", RECEIVED), FITMETRICS);

    assertThat(envelope.organizationId()).isEqualTo("org-body");
    assertThat(envelope.locationId()).isEqualTo("studio-north");
    assertThat(envelope.data().has("organization_id")).isFalse();
    assertThat(envelope.data().has("location_id")).isFalse();
  }

  @Test
  void transportOrganizationBeatsTheConfiguredOne() {
    Envelope envelope =
        normaliser.normalise(
            new SourceMessage(fixture(), "org-header", null, RECEIVED), FITMETRICS);

    assertThat(envelope.organizationId()).isEqualTo("org-header");
  }

  @Test
  void withoutTimestampTheMessageReceiptTimeIsUsed() {
    ObjectNode body = fixture();
    body.remove("timestamp");

    assertThat(normalise(body).eventTimestamp()).isEqualTo("2025-11-06T17:21:58Z");
  }

  @Test
  void withNoTimeAtAllTheHubReceiptTimeIsUsed() {
    ObjectNode body = fixture();
    body.remove("timestamp");
    ((ObjectNode) body.get("message")).remove("received_at");

    assertThat(normalise(body).eventTimestamp()).isEqualTo(RECEIVED.toString());
  }

  @Test
  void localTimestampIsReadInTheSourceZone() {
    SourceSettings newYork =
        new SourceSettings(
            "fitmetrics",
            "fitmetrics",
            "org-coaching",
            ZoneId.of("America/New_York"),
            DateOrder.MDY);
    ObjectNode body = fixture();
    body.put("timestamp", "11/06/2025 12:22");

    assertThat(normaliser.normalise(SourceMessage.of(body, RECEIVED), newYork).eventTimestamp())
        .isEqualTo("2025-11-06T17:22:00Z");
  }

  @Test
  void noAssignedCoachIsKeptAsSent() {
    ObjectNode body = fixture();
    body.putNull("assigned_coach");

    assertThat(normalise(body).data().get("assigned_coach").isNull()).isTrue();
  }

  @Test
  void unknownEventPassesThroughWithoutTheDeferralShape() {
    ObjectNode body = json("{'event': 'message_answered', 'client': {'id': 'cl_1'}}");

    Envelope envelope = normalise(body);

    assertThat(envelope.eventType()).isEqualTo("fitmetrics.message_answered");
    assertThat(envelope.data()).isEqualTo(json("{'client': {'id': 'cl_1'}}"));
  }

  @Test
  void typeRoundTrips() {
    assertThat(FitMetricsNormaliser.nativeType("message.deferred")).contains("message_deferred");
  }

  @ParameterizedTest
  @CsvSource({
    "event,    , event is missing",
    "client,   , client is missing",
    "message,  , message is missing",
    "message,  id, message.id is missing",
    "deferral, , deferral is missing",
    "deferral, topic, deferral.topic is missing"
  })
  void requiredFieldsAreNamed(String field, String nested, String expected) {
    ObjectNode body = fixture();
    if (nested == null) {
      body.remove(field);
    } else {
      ((ObjectNode) body.get(field)).remove(nested);
    }

    assertThatThrownBy(() -> normalise(body))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(expected);
  }

  @Test
  void clientMustBeAnObject() {
    ObjectNode body = fixture();
    body.put("client", "Maya");

    assertThatThrownBy(() -> normalise(body))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("client must be a JSON object");
  }
}
