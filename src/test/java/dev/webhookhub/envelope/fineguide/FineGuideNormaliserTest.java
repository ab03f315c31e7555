package dev.webhookhub.envelope.fineguide;

import static dev.webhookhub.envelope.Fixtures.RECEIVED;
import static dev.webhookhub.envelope.Fixtures.assertNameBasedUuid;
import static dev.webhookhub.envelope.Fixtures.reversed;
import static dev.webhookhub.envelope.Fixtures.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.InvalidEventException;
import dev.webhookhub.envelope.SourceMessage;
import dev.webhookhub.envelope.SourceSettings;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FineGuideNormaliserTest {

  private static final SourceSettings FINEGUIDE = SourceSettings.defaults("fineguide", "fineguide");
  private static final List<String> FIXTURES =
      List.of(
          "message",
          "session_open",
          "session_closed",
          "ticket",
          "create_lead",
          "rate_message",
          "message_audio_url",
          "variable_update");

  private final FineGuideNormaliser normaliser = new FineGuideNormaliser();

  private Envelope normalise(ObjectNode body) {
    return normaliser.normalise(
        new SourceMessage(body, "org-transport", null, RECEIVED), FINEGUIDE);
  }

  private static ObjectNode fixture(String name) {
    return seed("fineguide/" + name + ".json");
  }

  @ParameterizedTest
  @CsvSource({
    "message,           message.sent,              org-transport",
    "session_open,      session.opened,            org-transport",
    "session_closed,    session.closed,            org-transport",
    "ticket,            ticket.created,            org-transport",
    "create_lead,       lead.created,              org-abc123",
    "rate_message,      message.rated,             org-transport",
    "message_audio_url, message.audio_ready,       org-transport",
    "variable_update,   session.variables_updated, org-transport"
  })
  void normalisesEverySample(String fixture, String eventType, String organizationId) {
    Envelope envelope = normalise(fixture(fixture));

    assertNameBasedUuid(envelope.eventId());
    assertThat(normalise(reversed(fixture(fixture))).eventId())
        .as("same message, keys in another order")
        .isEqualTo(envelope.eventId());
    assertThat(envelope.eventType()).isEqualTo(eventType);
    assertThat(envelope.eventTimestamp()).isEqualTo("2025-11-06T17:22:05Z");
    assertThat(envelope.organizationId()).isEqualTo(organizationId);
    assertThat(envelope.locationId()).isNull();
    assertThat(envelope.apiVersion()).isEqualTo("1.1");
    assertThat(envelope.source()).isEqualTo("fineguide");
    assertThat(envelope.data()).isEqualTo(fixture(fixture));
  }

  @Test
  void everySampleGetsItsOwnId() {
    assertThat(FIXTURES.stream().map(name -> normalise(fixture(name)).eventId()))
        .doesNotHaveDuplicates()
        .hasSize(8);
  }

  @Test
  void sessionOpenAndClosedOfTheSameSessionDiffer() {
    assertThat(normalise(fixture("session_open")).eventId())
        .isNotEqualTo(normalise(fixture("session_closed")).eventId());
  }

  @Test
  void everyTypeRoundTrips() {
    Stream.of(
            "MESSAGE",
            "SESSION_OPEN",
            "SESSION_CLOSED",
            "TICKET",
            "CREATE_LEAD",
            "RATE_MESSAGE",
            "MESSAGE_AUDIO_URL",
            "VARIABLE_UPDATE")
        .forEach(
            type ->
                assertThat(
                        FineGuideNormaliser.nativeType(
                            FineGuideNormaliser.TYPES.envelopeType(type, FINEGUIDE)))
                    .as(type)
                    .contains(type));
  }

  @Test
  void unknownTypePassesThroughUnderTheSourceName() {
    ObjectNode body = fixture("session_open");
    body.put("type", "NEW_THING");

    assertThat(normalise(body).eventType()).isEqualTo("fineguide.new_thing");
    assertThat(FineGuideNormaliser.nativeType("fineguide.new_thing")).isEmpty();
  }

  @Test
  void sourceIsTheConfiguredName() {
    SourceSettings europe = SourceSettings.defaults("fineguide-eu", "fineguide");
    ObjectNode body = fixture("ticket");
    body.put("type", "NEW_THING");

    Envelope envelope =
        normaliser.normalise(new SourceMessage(body, "org-transport", null, RECEIVED), europe);

    assertThat(envelope.source()).isEqualTo("fineguide-eu");
    assertThat(envelope.eventType()).isEqualTo("fineguide-eu.new_thing");
    assertThat(envelope.eventId()).isNotEqualTo(normalise(body).eventId());
  }

  @Test
  void transportLocationIsKept() {
    Envelope envelope =
        normaliser.normalise(
            new SourceMessage(fixture("message"), "org-transport", "loc-7", RECEIVED), FINEGUIDE);

    assertThat(envelope.locationId()).isEqualTo("loc-7");
  }

  @Test
  void withoutAnOrganizationTheMessageIsRejected() {
    SourceMessage message = SourceMessage.of(fixture("ticket"), RECEIVED);

    assertThatThrownBy(() -> normaliser.normalise(message, FINEGUIDE))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("organizationId is missing: the fineguide message names none");
  }

  @ParameterizedTest
  @ValueSource(strings = {"type", "botId", "sessionId"})
  void commonFieldsAreRequired(String field) {
    ObjectNode body = fixture("message");
    body.remove(field);

    assertThatThrownBy(() -> normalise(body))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(field + " is missing");
  }
}
