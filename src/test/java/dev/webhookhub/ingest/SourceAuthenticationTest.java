package dev.webhookhub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.standardwebhooks.Webhook;
import dev.webhookhub.http.ProblemException;
import dev.webhookhub.signature.HmacSha256;
import dev.webhookhub.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SourceAuthenticationTest {

  private static final String TOKEN = "ingest-token-0123456789";
  private static final String NEXT_TOKEN = "ingest-token-abcdefghij";
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String OTHER_SECRET = "whsec_c2VjcmV0LW9mLWFub3RoZXItc291cmNl";
  private static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");
  private static final byte[] BODY = "{\"eventId\":\"e-1\"}".getBytes(StandardCharsets.UTF_8);

  private final MutableClock clock = new MutableClock(NOW);

  /** Sources: "tokened" (two tokens), "signed" (envelope), "fitmetrics", "both", "open". */
  private final SourceAuthentication authentication =
      new SourceAuthentication(
          source ->
              switch (source) {
                case "tokened" -> List.of(TOKEN, NEXT_TOKEN);
                case "both" -> List.of(TOKEN);
                default -> List.of();
              },
          source ->
              switch (source) {
                case "signed", "fitmetrics", "ufp", "both" -> List.of(SECRET);
                default -> List.of();
              },
          source -> source.equals("fitmetrics") || source.equals("ufp") ? source : "envelope",
          true,
          clock);

  @Test
  void aBearerTokenFromTheListPasses() {
    assertPasses("tokened", Map.of("Authorization", "Bearer " + TOKEN));
    assertPasses("tokened", Map.of("Authorization", "bearer " + NEXT_TOKEN));
  }

  @Test
  void aMissingOrWrongTokenIsUnauthorizedWithABearerChallenge() {
    ProblemException missing = refused("tokened", Map.of(), BODY);
    assertThat(missing.problem().kind()).isEqualTo("unauthorized");
    assertThat(missing.problem().status()).isEqualTo(401);
    assertThat(missing.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"webhook-hub\"");
    assertThat(missing.problem().detail()).contains("Authorization: Bearer");

    ProblemException wrong =
        refused("tokened", Map.of("Authorization", "Bearer " + TOKEN + "x"), BODY);
    assertThat(wrong.problem().kind()).isEqualTo("unauthorized");
    assertThat(wrong.problem().detail()).doesNotContain(TOKEN);
    // RFC 6750 §3.1: a token that was sent is invalid_token; another scheme is no token at all.
    assertThat(wrong.headers())
        .containsEntry("WWW-Authenticate", "Bearer realm=\"webhook-hub\", error=\"invalid_token\"");
    ProblemException otherScheme = refused("tokened", Map.of("Authorization", TOKEN), BODY);
    assertThat(otherScheme.problem().kind()).isEqualTo("unauthorized");
    assertThat(otherScheme.headers())
        .containsEntry("WWW-Authenticate", "Bearer realm=\"webhook-hub\"");
  }

  @Test
  void anOpenSourceNeedsNothing() {
    assertPasses("open", Map.of());
  }

  @Test
  void aStandardWebhooksSignatureFromTheOfficialLibraryPasses() throws Exception {
    assertPasses("signed", signed("msg_1", NOW.getEpochSecond(), SECRET));
    // Either side of the hub's clock, within five minutes.
    assertPasses("signed", signed("msg_2", NOW.minusSeconds(299).getEpochSecond(), SECRET));
    assertPasses("signed", signed("msg_3", NOW.plusSeconds(299).getEpochSecond(), SECRET));
  }

  @Test
  void oneMatchingEntryAmongSeveralIsEnough() throws Exception {
    Map<String, String> headers = signed("msg_1", NOW.getEpochSecond(), SECRET);
    String rotating =
        new Webhook(OTHER_SECRET)
                .sign("msg_1", NOW.getEpochSecond(), new String(BODY, StandardCharsets.UTF_8))
            + " v2,ignored "
            + headers.get("webhook-signature");
    headers.put("webhook-signature", rotating);
    assertPasses("signed", headers);
  }

  @Test
  void aReplayOutsideTheToleranceIsRefused() throws Exception {
    Map<String, String> headers = signed("msg_1", NOW.getEpochSecond(), SECRET);
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    ProblemException replay = refused("signed", headers, BODY);
    assertThat(replay.problem().kind()).isEqualTo("invalid-signature");
    assertThat(replay.problem().detail()).contains("301 s", "replayed");
    assertThat(replay.headers()).containsKey("WWW-Authenticate");

    clock.set(NOW.minus(Duration.ofMinutes(6)));
    assertThat(refused("signed", headers, BODY).problem().kind()).isEqualTo("invalid-signature");
  }

  @Test
  void aTamperedBodyAWrongSecretOrMissingHeadersAreRefused() throws Exception {
    Map<String, String> headers = signed("msg_1", NOW.getEpochSecond(), SECRET);
    byte[] tampered = "{\"eventId\":\"e-2\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(refused("signed", headers, tampered).problem().detail())
        .contains("no webhook-signature entry");

    assertThat(refused("signed", signed("msg_1", NOW.getEpochSecond(), OTHER_SECRET), BODY))
        .isNotNull();

    Map<String, String> withoutId = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    withoutId.putAll(headers);
    withoutId.remove("webhook-id");
    assertThat(refused("signed", withoutId, BODY).problem().detail()).contains("webhook-id");

    Map<String, String> otherId = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    otherId.putAll(headers);
    otherId.put("webhook-id", "msg_2");
    assertThat(refused("signed", otherId, BODY).problem().kind()).isEqualTo("invalid-signature");

    ProblemException unsigned = refused("signed", Map.of(), BODY);
    assertThat(unsigned.problem().detail()).contains("webhook-signature");
    assertThat(unsigned.headers().get("WWW-Authenticate")).doesNotContain("Bearer");
  }

  @Test
  void aSeedSourceMayUseItsContractsSignatureHeader() {
    String fitmetrics = "sha256=" + HmacSha256.hex(SECRET.getBytes(StandardCharsets.UTF_8), BODY);
    assertPasses("fitmetrics", Map.of("X-FitMetrics-Signature", fitmetrics));
    assertThat(refused("fitmetrics", Map.of("X-FitMetrics-Signature", fitmetrics), "{}".getBytes()))
        .satisfies(p -> assertThat(p.problem().kind()).isEqualTo("invalid-signature"));
    assertThat(refused("fitmetrics", Map.of(), BODY).problem().detail())
        .contains("X-FitMetrics-Signature");

    String ufp = HmacSha256.hex(SECRET.getBytes(StandardCharsets.UTF_8), BODY);
    assertPasses("ufp", Map.of("X-UFP-Signature", ufp));
    // Another family's header means nothing for a source that does not read that contract.
    assertThat(refused("signed", Map.of("X-FitMetrics-Signature", fitmetrics), BODY)).isNotNull();
  }

  @Test
  void aSourceWithBothNeedsBoth() throws Exception {
    Map<String, String> headers = signed("msg_1", NOW.getEpochSecond(), SECRET);
    assertThat(refused("both", headers, BODY).problem().kind()).isEqualTo("unauthorized");
    assertThat(refused("both", headers, BODY).headers().get("WWW-Authenticate"))
        .contains("Bearer realm=\"webhook-hub\"", "Standard-Webhooks");
    assertThat(refused("both", Map.of("Authorization", "Bearer " + TOKEN), BODY).problem().kind())
        .isEqualTo("invalid-signature");
    headers.put("Authorization", "Bearer " + TOKEN);
    assertPasses("both", headers);
  }

  private Map<String, String> signed(String id, long timestamp, String secret) throws Exception {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("webhook-id", id);
    headers.put("webhook-timestamp", String.valueOf(timestamp));
    headers.put(
        "webhook-signature",
        new Webhook(secret).sign(id, timestamp, new String(BODY, StandardCharsets.UTF_8)));
    return headers;
  }

  private void assertPasses(String source, Map<String, String> headers) {
    assertThatCode(() -> authentication.authenticate(source, lookup(headers), BODY))
        .doesNotThrowAnyException();
  }

  private ProblemException refused(String source, Map<String, String> headers, byte[] body) {
    ProblemException refused =
        catchThrowableOfType(
            ProblemException.class,
            () -> authentication.authenticate(source, lookup(headers), body));
    assertThat(refused).as("refused").isNotNull();
    assertThat(refused.problem().status()).isEqualTo(401);
    return refused;
  }

  private static java.util.function.UnaryOperator<String> lookup(Map<String, String> headers) {
    Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    caseInsensitive.putAll(headers);
    return caseInsensitive::get;
  }
}
