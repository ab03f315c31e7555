package dev.webhookhub.envelope;

import static dev.webhookhub.envelope.Fixtures.RECEIVED;
import static dev.webhookhub.envelope.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeNormaliserTest {

  private static final SourceSettings BILLING = SourceSettings.defaults("billing", "envelope");

  private static ObjectNode envelope(String eventType) {
    return json(
        "{'eventId': 'evt-1', 'eventType': '"
            + eventType
            + "', 'eventTimestamp': '2025-11-06T18:22:00+01:00', 'organizationId': 'org-9',"
            + " 'locationId': 'loc-2', 'apiVersion': '1.0', 'data': {'invoiceId': 'inv-7'}}");
  }

  private static Envelope normalise(Normaliser normaliser, ObjectNode body) {
    return normaliser.normalise(SourceMessage.of(body, RECEIVED), BILLING);
  }

  @Test
  void keepsTheSourceEnvelopeInTheHubsVersionAndUtc() {
    Envelope envelope = normalise(new EnvelopeNormaliser(), envelope("invoice.paid"));

    assertThat(envelope)
        .isEqualTo(
            new Envelope(
                "evt-1",
                "invoice.paid",
                "2025-11-06T17:22:00Z",
                "org-9",
                "loc-2",
                "1.1",
                "billing",
                json("{'invoiceId': 'inv-7'}")));
  }

  @ParameterizedTest
  @CsvSource({
    "invoice.paid, invoice.paid",
    "invoice.line_item.added, invoice.line_item.added",
    "InvoicePaid, billing.invoicepaid",
    "invoice, billing.invoice",
    "Invoice Paid, billing.invoice_paid"
  })
  void withoutACatalogueWellFormedDottedTypesPassUnchanged(String sent, String expected) {
    assertThat(normalise(new EnvelopeNormaliser(), envelope(sent)).eventType()).isEqualTo(expected);
  }

  @Test
  void withACatalogueOnlyKnownTypesPassUnchanged() {
    EnvelopeNormaliser normaliser = new EnvelopeNormaliser(Set.of("invoice.paid"));

    assertThat(normalise(normaliser, envelope("invoice.paid")).eventType())
        .isEqualTo("invoice.paid");
    assertThat(normalise(normaliser, envelope("invoice.voided")).eventType())
        .isEqualTo("billing.invoice.voided");
  }

  @Test
  void organizationAndLocationFallBackToTheTransport() {
    ObjectNode body = envelope("invoice.paid");
    body.remove("organizationId");
    body.putNull("locationId");

    Envelope envelope =
        new EnvelopeNormaliser()
            .normalise(new SourceMessage(body, "org-header", "loc-header", RECEIVED), BILLING);

    assertThat(envelope.organizationId()).isEqualTo("org-header");
    assertThat(envelope.locationId()).isEqualTo("loc-header");
  }

  @ParameterizedTest
  @ValueSource(strings = {"eventId", "eventType", "eventTimestamp", "data"})
  void requiredFieldsAreNamed(String field) {
    ObjectNode body = envelope("invoice.paid");
    body.remove(field);

    assertThatThrownBy(() -> normalise(new EnvelopeNormaliser(), body))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(field + " is missing");
  }

  @Test
  void dataMustBeAnObject() {
    ObjectNode body = envelope("invoice.paid");
    body.put("data", "paid");

    assertThatThrownBy(() -> normalise(new EnvelopeNormaliser(), body))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("data must be a JSON object");
  }

  @Test
  void timestampMustBeATimestamp() {
    ObjectNode body = envelope("invoice.paid");
    body.put("eventTimestamp", "last tuesday");

    assertThatThrownBy(() -> normalise(new EnvelopeNormaliser(), body))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("eventTimestamp 'last tuesday' is not a timestamp");
  }

  @Test
  void anOverlongEventIdIsRejectedBeforeItReachesTheDatabase() {
    ObjectNode body = envelope("invoice.paid");
    body.put("eventId", "x".repeat(EnvelopeNormaliser.MAX_EVENT_ID_LENGTH + 1));

    assertThatThrownBy(() -> normalise(new EnvelopeNormaliser(), body))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("eventId is longer than 200 characters");
    body.put("eventId", "x".repeat(EnvelopeNormaliser.MAX_EVENT_ID_LENGTH));
    assertThat(normalise(new EnvelopeNormaliser(), body).eventId()).hasSize(200);
  }
}
