package dev.webhookhub.envelope.fitprotracker;

import static dev.webhookhub.envelope.Fixtures.RECEIVED;
import static dev.webhookhub.envelope.Fixtures.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.InvalidEventException;
import dev.webhookhub.envelope.SourceMessage;
import dev.webhookhub.envelope.SourceSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FitProTrackerNormaliserTest {

  private static final SourceSettings FPT =
      SourceSettings.defaults("fitprotracker", "fitprotracker");

  private final FitProTrackerNormaliser normaliser = new FitProTrackerNormaliser();

  private Envelope normalise(ObjectNode body) {
    return normaliser.normalise(SourceMessage.of(body, RECEIVED), FPT);
  }

  @Test
  void contactCreated() {
    ObjectNode body = seed("fitprotracker/contact_created.json");

    Envelope envelope = normalise(body);

    assertThat(envelope.eventId()).isEqualTo("5b0f7c2e-8d4a-4c61-9e3b-2a7d1f6c9e04");
    assertThat(envelope.eventType()).isEqualTo("contact.created");
    assertThat(envelope.eventTimestamp()).isEqualTo("2025-11-06T17:22:03.417Z");
    assertThat(envelope.organizationId()).isEqualTo("org-1042");
    assertThat(envelope.locationId()).isEqualTo("loc-3317");
    assertThat(envelope.apiVersion()).isEqualTo("1.1");
    assertThat(envelope.source()).isEqualTo("fitprotracker");
    assertThat(envelope.data()).isEqualTo(body.get("data"));
  }

  @Test
  void contactStatusChangedIsRenderedInUtc() {
    ObjectNode body = seed("fitprotracker/contact_status_changed.json");

    Envelope envelope = normalise(body);

    assertThat(envelope.eventId()).isEqualTo("d3a91e5f-27c8-4b0a-8f16-7c4e2b9a0d58");
    assertThat(envelope.eventType()).isEqualTo("contact.status_changed");
    assertThat(envelope.eventTimestamp()).isEqualTo("2025-11-20T15:15:12Z");
    assertThat(envelope.organizationId()).isEqualTo("org-1042");
    assertThat(envelope.locationId()).isEqualTo("loc-3317");
    assertThat(envelope.apiVersion()).isEqualTo("1.1");
    assertThat(envelope.source()).isEqualTo("fitprotracker");
    assertThat(envelope.data()).isEqualTo(body.get("data"));
    assertThat(envelope.data().get("newGroup").asText()).isEqualTo("Member");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "contact.created",
        "contact.updated",
        "contact.deleted",
        "contact.status_changed",
        "contact.subgroup_changed"
      })
  void shippedTypesPassUnchanged(String type) {
    ObjectNode body = seed("fitprotracker/contact_created.json");
    body.put("eventType", type);

    assertThat(normalise(body).eventType()).isEqualTo(type);
  }

  @ParameterizedTest
  @ValueSource(strings = {"membership.created", "payment.succeeded", "class.booking_canceled"})
  void roadmapTypesPassThroughUnderTheSourceName(String type) {
    ObjectNode body = seed("fitprotracker/contact_created.json");
    body.put("eventType", type);

    assertThat(normalise(body).eventType()).isEqualTo("fitprotracker." + type);
  }

  @Test
  void organizationAndLocationFallBackToTheTransport() {
    ObjectNode body = seed("fitprotracker/contact_created.json");
    body.remove("organizationId");
    body.remove("locationId");

    Envelope envelope =
        normaliser.normalise(new SourceMessage(body, "org-header", "loc-header", RECEIVED), FPT);

    assertThat(envelope.organizationId()).isEqualTo("org-header");
    assertThat(envelope.locationId()).isEqualTo("loc-header");
  }

  @Test
  void withoutLocationAnywhereTheEventIsOrganizationWide() {
    ObjectNode body = seed("fitprotracker/contact_created.json");
    body.remove("locationId");

    assertThat(normalise(body).locationId()).isNull();
  }

  @Test
  void withoutOrganizationAnywhereTheMessageIsRejected() {
    ObjectNode body = seed("fitprotracker/contact_created.json");
    body.remove("organizationId");

    assertThatThrownBy(() -> normalise(body))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("hub.source.fitprotracker.organization-id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"eventId", "eventType", "eventTimestamp", "data"})
  void envelopeFieldsAreRequired(String field) {
    ObjectNode body = seed("fitprotracker/contact_status_changed.json");
    body.remove(field);

    assertThatThrownBy(() -> normalise(body))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(field + " is missing");
  }
}
