package dev.webhookhub.delivery.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Every profile a subscription can choose, by name. */
public final class ProfileCatalog {

  /** The profile of a subscription that names none: the hub's own envelope format. */
  public static final String DEFAULT = EnvelopeProfile.NAME;

  private static final Map<String, WebhookProfile> PROFILES = profiles();

  private ProfileCatalog() {}

  /**
   * @throws IllegalArgumentException naming the known profiles when {@code name} is not one
   */
  public static WebhookProfile forName(String name) {
    WebhookProfile profile = PROFILES.get(name);
    if (profile == null) {
      throw new IllegalArgumentException(
          "unknown webhook profile '"
              + name
              + "'; known profiles are "
              + String.join(", ", names()));
    }
    return profile;
  }

  /** The names in a stable order, the default first. */
  public static Set<String> names() {
    return PROFILES.keySet();
  }

  private static Map<String, WebhookProfile> profiles() {
    Map<String, WebhookProfile> profiles = new LinkedHashMap<>();
    Stream.of(
            new EnvelopeProfile(),
            new StandardWebhooksProfile(),
            new FitMetricsProfile(),
            new FineGuideProfile(),
            new UfpProfile())
        .forEach(profile -> profiles.put(profile.name(), profile));
    return Collections.unmodifiableMap(profiles);
  }
}
