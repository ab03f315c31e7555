package dev.webhookhub.envelope.ufp;

import static java.util.Map.entry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.DeterministicEventId;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.EventTypeTable;
import dev.webhookhub.envelope.JsonFields;
import dev.webhookhub.envelope.Normaliser;
import dev.webhookhub.envelope.OrganizationResolver;
import dev.webhookhub.envelope.SourceMessage;
import dev.webhookhub.envelope.SourceSettings;
import dev.webhookhub.envelope.SourceTimestamps;
import java.util.Map;
import java.util.Optional;

/**
 * UFP (Unified Fitness Platform) webhooks: {@code {"webhook_event_type", "created_at",
 * "company_id", "tenant_id", "payload"}}.
 *
 * <p>{@code company_id} is the organization and {@code tenant_id} the location; a company-level
 * ("global") webhook has no tenant, which UFP may also write as {@code 0}. {@code created_at} is
 * local time without an offset ({@code 11/06/2025 17:22}), read with the source's zone and date
 * order. UFP sends no event id, so it is derived from the body.
 */
public final class UfpNormaliser implements Normaliser {

  /** UFP's catalogue, grouped as UFP groups it. Families follow the entity the event is about. */
  static final EventTypeTable TYPES =
      EventTypeTable.withAliases(
          Map.ofEntries(
              // Sales & Leads
              entry("newlead_created", "lead.created"),
              entry("repeat_enq_created", "lead.enquiry_repeated"),
              entry("tour_booked", "tour.booked"),
              entry("tour_marked_noshow", "tour.no_show"),
              entry("trial_created", "trial.created"),
              entry("sub_signup_link_generated", "subscription.signup_link_generated"),
              // Subscriptions
              entry("sub_signup_completed", "subscription.signup_completed"),
              entry("sub_signup_failed", "subscription.signup_failed"),
              entry("sub_cancellation_requested", "subscription.cancellation_requested"),
              entry("sub_freeze_created", "subscription.freeze_created"),
              entry("sub_freeze_voided", "subscription.freeze_voided"),
              entry("sub_freeze_stopped", "subscription.freeze_stopped"),
              entry("sub_voided", "subscription.voided"),
              entry(
                  "transferor_consent_request_initiated",
                  "subscription.transfer_consent_requested"),
              // Billing & Payment
              entry("invoice_created", "invoice.created"),
              entry("invoice_voided", "invoice.voided"),
              entry("recurring_payment_received", "payment.recurring_received"),
              entry("recurring_payment_failed", "payment.recurring_failed"),
              entry("non_recurring_payment_received", "payment.one_off_received"),
              entry("non_recurring_payment_failed", "payment.one_off_failed"),
              entry("payment_voided", "payment.voided"),
              entry("sales_return_created", "sales_return.created"),
              entry("sales_return_voided", "sales_return.voided"),
              entry("refund_processed", "refund.processed"),
              // Appointments: single ones, and recurring series
              entry("single_appt_booked", "appointment.booked"),
              entry("single_appt_cancelled", "appointment.cancelled"),
              entry("single_appt_rescheduled", "appointment.rescheduled"),
              entry("single_appt_marked_attended", "appointment.attended"),
              entry("single_appt_marked_noshow", "appointment.no_show"),
              entry("recurring_appt_booked", "appointment_series.booked"),
              entry("recurring_appt_cancelled", "appointment_series.cancelled"),
              entry("recurring_appt_rescheduled", "appointment_series.rescheduled"),
              // Classes: the class itself, and one client's booking of it
              entry("class_cancelled", "class.cancelled"),
              entry("class_rescheduled", "class.rescheduled"),
              entry("class_waitlist_spot_vacated", "class.waitlist_spot_opened"),
              entry("class_coach_substituted", "class.coach_substituted"),
              entry("class_booked", "class_booking.created"),
              entry("class_booking_cancelled", "class_booking.cancelled"),
              entry("class_marked_attended", "class_booking.attended"),
              entry("class_marked_noshow", "class_booking.no_show"),
              // Client Management & Retention
              entry("waiver_completed", "waiver.completed"),
              entry("flagged_clt_at_risk", "client.flagged_at_risk"),
              entry("app_booking_restricted", "client.booking_restricted"),
              entry("app_booking_restriction_lifted", "client.booking_restriction_lifted"),
              // Notifications: fired by a date arriving, not by something happening
              entry("clt_birthday", "reminder.client_birthday"),
              entry("tour_scheduled_date", "reminder.tour_day"),
              entry("trial_start_date", "reminder.trial_start"),
              entry("trial_end_date", "reminder.trial_end"),
              entry("sub_cancellation_date", "reminder.subscription_cancellation"),
              entry("sub_freeze_start_date", "reminder.subscription_freeze_start"),
              entry("sub_freeze_end_date", "reminder.subscription_freeze_end"),
              entry("class_session_date", "reminder.class_session")),
          // UFP's own payload sample spells the catalogue's newlead_created this way.
          Map.of("new_lead_created", "newlead_created"));

  /** The UFP catalogue key an envelope type came from, empty for pass-through types. */
  public static Optional<String> nativeType(String eventType) {
    return TYPES.nativeType(eventType);
  }

  @Override
  public Envelope normalise(SourceMessage message, SourceSettings settings) {
    ObjectNode body = JsonFields.body(message);
    String type = JsonFields.requiredText(body, "webhook_event_type");
    String createdAt = JsonFields.requiredText(body, "created_at");
    ObjectNode payload = JsonFields.requiredObject(body, "payload");
    return new Envelope(
        DeterministicEventId.of(settings.name(), body),
        TYPES.envelopeType(type, settings),
        SourceTimestamps.toUtc(createdAt, settings, "created_at"),
        OrganizationResolver.organizationId(
            JsonFields.optionalText(body, "company_id"), message, settings),
        OrganizationResolver.locationId(tenant(body), message),
        Envelope.API_VERSION,
        settings.name(),
        payload.deepCopy());
  }

  /** The tenant, empty for a company-level webhook. */
  private static Optional<String> tenant(ObjectNode body) {
    return JsonFields.optionalText(body, "tenant_id").filter(id -> !id.equals("0"));
  }
}
