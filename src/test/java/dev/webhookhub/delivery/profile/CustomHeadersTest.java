package dev.webhookhub.delivery.profile;

import static dev.webhookhub.delivery.profile.ProfileFixtures.signed;
import static dev.webhookhub.delivery.profile.ProfileFixtures.ufpEvent;
import static dev.webhookhub.delivery.profile.ProfileFixtures.unsigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every profile does with the headers all requests share and the subscription's own. */
class CustomHeadersTest {

  static List<String> profiles() {
    return List.copyOf(ProfileCatalog.names());
  }

  private static Map<String, String> custom() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Webhook-Secret", "let-me-in");
    headers.put("X-Trace", "t-1");
    return headers;
  }

  @ParameterizedTest
  @MethodSource("profiles")
  void everyRequestIsJsonWithAUserAgent(String name) {
    WebhookRequest request = ProfileCatalog.forName(name).render(ufpEvent(), signed());

    assertThat(request.headers()).containsEntry("Content-Type", "application/json");
    assertThat(request.headers().get("User-Agent"))
        .isEqualTo(
            name.equals("fitmetrics") ? "FitMetrics-AI-Assistant-Webhook/1.0" : "WebhookHub/1.0");
    assertThat(List.copyOf(request.headers().keySet()).subList(0, 2))
        .containsExactly("Content-Type", "User-Agent");
  }

  @ParameterizedTest
  @MethodSource("profiles")
  void theSubscriptionsHeadersComeLastInTheirOrder(String name) {
    WebhookRequest request =
        ProfileCatalog.forName(name).render(ufpEvent(), signed().withCustomHeaders(custom()));

    List<String> names = List.copyOf(request.headers().keySet());
    assertThat(names.subList(names.size() - 2, names.size()))
        .containsExactly("X-Webhook-Secret", "X-Trace");
    assertThat(request.headers())
        .containsEntry("X-Webhook-Secret", "let-me-in")
        .containsEntry("X-Trace", "t-1");
  }

  @ParameterizedTest
  @MethodSource("profiles")
  void theSubscriptionCannotReplaceAHeaderTheProfileSets(String name) {
    WebhookProfile profile = ProfileCatalog.forName(name);
    WebhookRequest plain = profile.render(ufpEvent(), signed());
    Map<String, String> forged = new LinkedHashMap<>();
    plain
        .headers()
        .keySet()
        .forEach(header -> forged.put(header.toUpperCase(Locale.ROOT), "forged"));

    WebhookRequest request = profile.render(ufpEvent(), signed().withCustomHeaders(forged));

    assertThat(request).isEqualTo(plain);
  }

  @ParameterizedTest
  @MethodSource("profiles")
  void anUnsignedRequestStillReservesItsSignatureHeader(String name) {
    WebhookProfile profile = ProfileCatalog.forName(name);
    Map<String, String> forged = new LinkedHashMap<>();
    profile
        .render(ufpEvent(), signed())
        .headers()
        .keySet()
        .forEach(header -> forged.put(header.toLowerCase(Locale.ROOT), "forged"));

    WebhookRequest request = profile.render(ufpEvent(), unsigned().withCustomHeaders(forged));

    assertThat(request).isEqualTo(profile.render(ufpEvent(), unsigned()));
    assertThat(request.headers()).doesNotContainValue("forged");
  }

  /**
   * A value saved before the hub refused it would go out changed (non-ASCII as {@code ?}): the
   * attempt fails instead, naming the header and never the value, which may be a secret.
   */
  @ParameterizedTest
  @MethodSource("profiles")
  void aCustomHeaderValueHttpCannotCarryFailsTheAttemptInsteadOfChanging(String name) {
    WebhookProfile profile = ProfileCatalog.forName(name);
    for (String value : List.of("cl\u00e9-42", "a\r\nX-Injected: 1")) {
      Map<String, String> headers = new LinkedHashMap<>(custom());
      headers.put("X-Webhook-Secret", value);
      assertThatThrownBy(() -> profile.render(ufpEvent(), signed().withCustomHeaders(headers)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("X-Webhook-Secret")
          .hasMessageNotContaining(value);
    }
  }
}
