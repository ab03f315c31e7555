package dev.webhookhub.delivery.profile;

import dev.webhookhub.envelope.Envelope;
import java.util.Map;

/**
 * Renders an envelope into exactly the request a receiver was promised, and signs it.
 *
 * <p>Implementations are stateless and pure: the same event and context give the same request, so a
 * retry differs from the first attempt only where the context does (its signing time).
 */
public interface WebhookProfile {

  /** The name subscriptions choose the profile by, e.g. {@code standard-webhooks}. */
  String name();

  /**
   * @throws ProfileOptionException when the context's options are not valid for this profile
   */
  WebhookRequest render(Envelope event, DeliveryContext context);

  /**
   * Checks a subscription's options before any event is rendered with them, so that a typo is
   * rejected when the subscription is saved rather than on every delivery. Profiles without options
   * reject every option.
   *
   * @throws ProfileOptionException naming the first unknown or invalid option
   */
  default void checkOptions(Map<String, String> options) {
    options.keySet().stream()
        .findFirst()
        .ifPresent(
            key -> {
              throw new ProfileOptionException(
                  name(), key, options.get(key), "the " + name() + " profile has no options");
            });
  }
}
