package dev.webhookhub.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardWebhooksSignatureTest {

  /** The test vector published with the Standard Webhooks spec and its libraries. */
  private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  /** A 32-byte secret of the kind the hub generates. */
  private static final String SECRET = "whsec_X4VjFcDzO2OI2LK+HK96/xXSgn04tzI1cfaH2ho23Wg=";

  private static final String SPEC_MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long SPEC_TIMESTAMP = 1614265330L;
  private static final String SPEC_PAYLOAD = "{\"test\": 2432232314}";
  private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  @Test
  void reproducesTheSpecTestVector() {
    assertThat(
            StandardWebhooksSignature.sign(
                SPEC_SECRET,
                SPEC_MESSAGE_ID,
                SPEC_TIMESTAMP,
                SPEC_PAYLOAD.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(SPEC_SIGNATURE);
  }

  @Test
  void theOfficialLibraryAgreesOnTheVector() throws Exception {
    // Guards the test itself: if the library disagreed, the vector above would be mistyped.
    assertThat(new Webhook(SPEC_SECRET).sign(SPEC_MESSAGE_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD))
        .isEqualTo(SPEC_SIGNATURE);
  }

  @Test
  void agreesWithTheOfficialLibraryOnNonAsciiBodies() throws Exception {
    String body = "{\"name\":\"Zoë Ångström\",\"note\":\"💪 knee\"}";

    assertThat(
            StandardWebhooksSignature.sign(
                SECRET, "dlv_1", 1762449729L, body.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new Webhook(SECRET).sign("dlv_1", 1762449729L, body));
  }

  @Test
  void verifiesTheSpecTestVectorAmongOtherEntries() {
    byte[] payload = SPEC_PAYLOAD.getBytes(StandardCharsets.UTF_8);
    List<String> secrets = List.of(SECRET, SPEC_SECRET);

    assertThat(
            StandardWebhooksSignature.verify(
                secrets, SPEC_MESSAGE_ID, SPEC_TIMESTAMP, payload, SPEC_SIGNATURE))
        .isTrue();
    assertThat(
            StandardWebhooksSignature.verify(
                secrets,
                SPEC_MESSAGE_ID,
                SPEC_TIMESTAMP,
                payload,
                "v1,bm90LXRoaXM= v1a,xyz " + SPEC_SIGNATURE))
        .isTrue();
  }

  @Test
  void refusesAnotherTimestampIdBodySecretOrVersion() {
    byte[] payload = SPEC_PAYLOAD.getBytes(StandardCharsets.UTF_8);
    List<String> spec = List.of(SPEC_SECRET);

    assertThat(
            StandardWebhooksSignature.verify(
                spec, SPEC_MESSAGE_ID, SPEC_TIMESTAMP + 1, payload, SPEC_SIGNATURE))
        .isFalse();
    assertThat(
            StandardWebhooksSignature.verify(
                spec, "msg_other", SPEC_TIMESTAMP, payload, SPEC_SIGNATURE))
        .isFalse();
    assertThat(
            StandardWebhooksSignature.verify(
                spec, SPEC_MESSAGE_ID, SPEC_TIMESTAMP, "{}".getBytes(), SPEC_SIGNATURE))
        .isFalse();
    assertThat(
            StandardWebhooksSignature.verify(
                List.of(SECRET), SPEC_MESSAGE_ID, SPEC_TIMESTAMP, payload, SPEC_SIGNATURE))
        .isFalse();
    assertThat(
            StandardWebhooksSignature.verify(
                spec,
                SPEC_MESSAGE_ID,
                SPEC_TIMESTAMP,
                payload,
                SPEC_SIGNATURE.replace("v1,", "v2,")))
        .isFalse();
    assertThat(
            StandardWebhooksSignature.verify(
                spec, SPEC_MESSAGE_ID, SPEC_TIMESTAMP, payload, "v1,***"))
        .isFalse();
  }

  @Test
  void theKeyIsTheBase64AfterThePrefix() {
    byte[] withPrefix = StandardWebhooksSignature.key(SPEC_SECRET);

    assertThat(withPrefix).hasSize(24);
    assertThat(StandardWebhooksSignature.key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        .isEqualTo(withPrefix);
  }

  @Test
  void refusesASecretThatIsNotBase64WithoutEchoingIt() {
    assertThatThrownBy(() -> StandardWebhooksSignature.key("whsec_not*base64!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whsec_<base64>")
        .hasMessageNotContaining("not*base64!");
  }
}
