package dev.webhookhub.envelope.ufp;

import static dev.webhookhub.envelope.Fixtures.RECEIVED;
import static dev.webhookhub.envelope.Fixtures.assertNameBasedUuid;
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
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UfpNormaliserTest {

  private static final SourceSettings UFP = SourceSettings.defaults("ufp", "ufp");

  /** Every key of the "Available Webhook Events" catalogue, copied from UFP's documentation. */
  private static final List<String> CATALOGUE =
      List.of(
          "newlead_created",
          "repeat_enq_created",
          "tour_booked",
          "tour_marked_noshow",
          "trial_created",
          "sub_signup_link_generated",
          "sub_signup_completed",
          "sub_signup_failed",
          "sub_cancellation_requested",
          "sub_freeze_created",
          "sub_freeze_voided",
          "sub_freeze_stopped",
          "sub_voided",
          "transferor_consent_request_initiated",
          "invoice_created",
          "invoice_voided",
          "recurring_payment_received",
          "recurring_payment_failed",
          "non_recurring_payment_received",
          "non_recurring_payment_failed",
          "payment_voided",
          "sales_return_created",
          "sales_return_voided",
          "refund_processed",
          "single_appt_booked",
          "single_appt_cancelled",
          "single_appt_rescheduled",
          "single_appt_marked_attended",
          "single_appt_marked_noshow",
          "recurring_appt_booked",
          "recurring_appt_cancelled",
          "recurring_appt_rescheduled",
          "class_booked",
          "class_booking_cancelled",
          "class_cancelled",
          "class_rescheduled",
          "class_marked_attended",
          "class_marked_noshow",
          "class_waitlist_spot_vacated",
          "class_coach_substituted",
          "waiver_completed",
          "flagged_clt_at_risk",
          "app_booking_restricted",
          "app_booking_restriction_lifted",
          "clt_birthday",
          "tour_scheduled_date",
          "trial_start_date",
          "trial_end_date",
          "sub_cancellation_date",
          "sub_freeze_start_date",
          "sub_freeze_end_date",
          "class_session_date");

  private static final Set<String> FAMILIES =
      Set.of(
          "lead",
          "tour",
          "trial",
          "subscription",
          "invoice",
          "payment",
          "sales_return",
          "refund",
          "appointment",
          "appointment_series",
          "class",
          "class_booking",
          "waiver",
          "client",
          "reminder");

  private final UfpNormaliser normaliser = new UfpNormaliser();

  private Envelope normalise(ObjectNode body) {
    return normaliser.normalise(SourceMessage.of(body, RECEIVED), UFP);
  }

  private static ObjectNode fixture() {
    return seed("ufp/new_lead_created.json");
  }

  @Test
  void normalisesTheSample() {
    Envelope envelope = normalise(fixture());

    assertNameBasedUuid(envelope.eventId());
    assertThat(normalise(reversed(fixture())).eventId()).isEqualTo(envelope.eventId());
    assertThat(envelope.eventType()).isEqualTo("lead.created");
    assertThat(envelope.eventTimestamp()).isEqualTo("2025-11-06T17:22:00Z");
    assertThat(envelope.organizationId()).isEqualTo("1");
    assertThat(envelope.locationId()).isEqualTo("2");
    assertThat(envelope.apiVersion()).isEqualTo("1.1");
    assertThat(envelope.source()).isEqualTo("ufp");
    assertThat(envelope.data()).isEqualTo(fixture().get("payload"));
  }

  @Test
  void aRetryOfTheSameEventGetsTheSameIdAndAnotherEventAnother() {
    ObjectNode later = fixture();
    later.put("created_at", "11/06/2025 17:23");

    assertThat(normalise(fixture()).eventId()).isEqualTo(normalise(fixture()).eventId());
    assertThat(normalise(later).eventId()).isNotEqualTo(normalise(fixture()).eventId());
  }

  @Test
  void catalogueHasEveryDocumentedKey() {
    assertThat(CATALOGUE).hasSize(52).doesNotHaveDuplicates();
  }

  @Test
  void everyCatalogueKeyMapsToItsOwnDottedType() {
    List<String> types =
        CATALOGUE.stream().map(key -> UfpNormaliser.TYPES.envelopeType(key, UFP)).toList();

    assertThat(types).doesNotHaveDuplicates();
    assertThat(types)
        .allSatisfy(
            type -> {
              assertThat(type).matches("[a-z_]+\\.[a-z_]+");
              assertThat(FAMILIES).contains(type.substring(0, type.indexOf('.')));
            });
  }

  @Test
  void everyCatalogueKeyRoundTrips() {
    assertThat(CATALOGUE)
        .allSatisfy(
            key ->
                assertThat(UfpNormaliser.nativeType(UfpNormaliser.TYPES.envelopeType(key, UFP)))
                    .contains(key));
  }

  @ParameterizedTest
  @CsvSource({
    "newlead_created,             lead.created",
    "tour_marked_noshow,          tour.no_show",
    "sub_freeze_stopped,          subscription.freeze_stopped",
    "non_recurring_payment_failed, payment.one_off_failed",
    "single_appt_marked_noshow,   appointment.no_show",
    "recurring_appt_booked,       appointment_series.booked",
    "class_cancelled,             class.cancelled",
    "class_booked,                class_booking.created",
    "class_marked_attended,       class_booking.attended",
    "flagged_clt_at_risk,         client.flagged_at_risk",
    "clt_birthday,                reminder.client_birthday",
    "class_session_date,          reminder.class_session"
  })
  void familiesFollowTheEntity(String key, String type) {
    ObjectNode body = fixture();
    body.put("webhook_event_type", key);

    assertThat(normalise(body).eventType()).isEqualTo(type);
  }

  @Test
  void theSamplesSpellingIsAnAliasOfTheCatalogueKey() {
    assertThat(UfpNormaliser.TYPES.envelopeType("new_lead_created", UFP)).isEqualTo("lead.created");
    assertThat(UfpNormaliser.nativeType("lead.created")).contains("newlead_created");
  }

  @Test
  void unknownTypePassesThroughUnderTheSourceName() {
    ObjectNode body = fixture();
    body.put("webhook_event_type", "Member_Checked_In");

    assertThat(normalise(body).eventType()).isEqualTo("ufp.member_checked_in");
    assertThat(UfpNormaliser.nativeType("ufp.member_checked_in")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"absent", "null", "0"})
  void companyLevelWebhookHasNoLocation(String tenant) {
    ObjectNode body = fixture();
    switch (tenant) {
      case "absent" -> body.remove("tenant_id");
      case "null" -> body.putNull("tenant_id");
      default -> body.put("tenant_id", 0);
    }

    assertThat(normalise(body).locationId()).isNull();
    assertThat(
            normaliser
                .normalise(new SourceMessage(body, null, "loc-header", RECEIVED), UFP)
                .locationId())
        .as("transport location applies when the body names none")
        .isEqualTo("loc-header");
  }

  @Test
  void dayFirstSourceInItsZone() {
    SourceSettings london =
        new SourceSettings("ufp-uk", "ufp", null, ZoneId.of("Europe/London"), DateOrder.DMY);

    Envelope envelope = normaliser.normalise(SourceMessage.of(fixture(), RECEIVED), london);

    assertThat(envelope.eventTimestamp()).isEqualTo("2025-06-11T16:22:00Z");
    assertThat(envelope.source()).isEqualTo("ufp-uk");
  }

  @Test
  void dotSeparatedTimeIsAccepted() {
    ObjectNode body = fixture();
    body.put("created_at", "11/06/2025 17.22");

    assertThat(normalise(body).eventTimestamp()).isEqualTo("2025-11-06T17:22:00Z");
  }

  @Test
  void withoutCompanyTheTransportThenTheDefaultNameTheOrganization() {
    ObjectNode body = fixture();
    body.remove("company_id");
    SourceSettings withDefault =
        new SourceSettings("ufp", "ufp", "org-default", ZoneId.of("UTC"), DateOrder.MDY);

    assertThat(
            normaliser
                .normalise(new SourceMessage(body, "org-header", null, RECEIVED), withDefault)
                .organizationId())
        .isEqualTo("org-header");
    assertThat(normaliser.normalise(SourceMessage.of(body, RECEIVED), withDefault).organizationId())
        .isEqualTo("org-default");
    assertThatThrownBy(() -> normalise(body))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(
            "organizationId is missing: the ufp message names none; send it in the"
                + " Hub-Organization-Id header / HubOrganizationId property, or set"
                + " hub.source.ufp.organization-id");
  }

  @Test
  void companyInTheBodyWinsOverTheTransport() {
    Envelope envelope =
        normaliser.normalise(new SourceMessage(fixture(), "org-header", null, RECEIVED), UFP);

    assertThat(envelope.organizationId()).isEqualTo("1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"webhook_event_type", "created_at", "payload"})
  void requiredFieldsAreNamed(String field) {
    ObjectNode body = fixture();
    body.remove(field);

    assertThatThrownBy(() -> normalise(body))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(field + " is missing");
  }

  @Test
  void payloadMustBeAnObject() {
    ObjectNode body = fixture();
    body.put("payload", "lead");

    assertThatThrownBy(() -> normalise(body))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("payload must be a JSON object");
  }

  @Test
  void invalidCreatedAtIsNamed() {
    ObjectNode body = fixture();
    body.put("created_at", "13/45/2025 99:00");

    assertThatThrownBy(() -> normalise(body))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(
            "created_at '13/45/2025 99:00' is not a timestamp"
                + " (expected ISO-8601 or MM/dd/uuuu HH:mm)");
  }

  @Test
  void aMessageThatIsNotAnObjectIsRejected() {
    SourceMessage message =
        SourceMessage.of(com.fasterxml.jackson.databind.node.TextNode.valueOf("hi"), RECEIVED);

    assertThatThrownBy(() -> normaliser.normalise(message, UFP))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("the message must be a JSON object");
  }
}
