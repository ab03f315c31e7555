package dev.webhookhub.delivery.profile;

import static dev.webhookhub.envelope.Fixtures.RECEIVED;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.Fixtures;
import dev.webhookhub.envelope.Normaliser;
import dev.webhookhub.envelope.SourceMessage;
import dev.webhookhub.envelope.SourceSettings;
import dev.webhookhub.envelope.fineguide.FineGuideNormaliser;
import dev.webhookhub.envelope.fitmetrics.FitMetricsNormaliser;
import dev.webhookhub.envelope.ufp.UfpNormaliser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Envelopes from the seed samples, secrets and delivery contexts for the profile tests. */
final class ProfileFixtures {

  /** Secrets as the hub issues them: {@code whsec_} and base64 of 32 random bytes. */
  static final String SECRET = "whsec_X4VjFcDzO2OI2LK+HK96/xXSgn04tzI1cfaH2ho23Wg=";

  /** The secret {@link #SECRET} replaces during a rotation. */
  static final String OLD_SECRET = "whsec_CrM2W4qzNyhgwNJMoT889gZZeFiS9BsY/O8W9cjiwKs=";

  /** A secret the receiver does not have. */
  static final String WRONG_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  static final String DELIVERY_ID = "dlv_2f0c7a1e-5b3d-4e0b-9c61-7d1f2a9e4b10";

  static final String SUBSCRIPTION_ID = "sub_42";

  static final Instant ATTEMPTED_AT = Instant.parse("2025-11-06T17:22:09Z");

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProfileFixtures() {}

  /** An attempt signed with {@link #SECRET}. */
  static DeliveryContext signed() {
    return unsigned().withSecrets(SECRET);
  }

  static DeliveryContext unsigned() {
    return DeliveryContext.unsigned(DELIVERY_ID, SUBSCRIPTION_ID, ATTEMPTED_AT);
  }

  /** The FitMetrics seed, normalised with organization {@code org-coaching}. */
  static Envelope fitMetricsEvent() {
    return fitMetricsEvent(Fixtures.seed("fitmetrics/message_deferred.json"));
  }

  static Envelope fitMetricsEvent(ObjectNode body) {
    return normalise(new FitMetricsNormaliser(), body, "fitmetrics");
  }

  /** A FineGuide seed such as {@code create_lead.json}, normalised. */
  static Envelope fineGuideEvent(String seed) {
    return fineGuideEvent(Fixtures.seed("fineguide/" + seed));
  }

  static Envelope fineGuideEvent(ObjectNode body) {
    return normalise(new FineGuideNormaliser(), body, "fineguide");
  }

  /** The UFP seed, normalised with the default zone and date order. */
  static Envelope ufpEvent() {
    return ufpEvent(Fixtures.seed("ufp/new_lead_created.json"), settings("ufp"));
  }

  static Envelope ufpEvent(ObjectNode body, SourceSettings settings) {
    return new UfpNormaliser().normalise(SourceMessage.of(body, RECEIVED), settings);
  }

  static SourceSettings settings(String family) {
    SourceSettings defaults = SourceSettings.defaults(family, family);
    return new SourceSettings(
        family, family, "org-coaching", defaults.zone(), defaults.dateOrder());
  }

  private static Envelope normalise(Normaliser normaliser, ObjectNode body, String family) {
    return normaliser.normalise(SourceMessage.of(body, RECEIVED), settings(family));
  }

  static JsonNode parse(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** A copy of {@code body} with its last byte changed, as a tampering proxy would. */
  static byte[] tampered(byte[] body) {
    byte[] copy = body.clone();
    copy[copy.length - 2] ^= 1;
    return copy;
  }
}
