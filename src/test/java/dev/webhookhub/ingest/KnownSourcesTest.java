package dev.webhookhub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookhub.HubConfiguration;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.InvalidEventException;
import dev.webhookhub.envelope.SourceSettings;
import dev.webhookhub.testing.SeedSamples;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sources declared by YAML routes, beside the configured ones. */
class KnownSourcesTest {

  private final KnownSources sources =
      new KnownSources(
          Map.of("ufp", SourceSettings.defaults("ufp", "ufp")),
          SourceSettings::defaults,
          HubConfiguration.jsonMapper());

  private static final String UFP = SeedSamples.read("ufp/new_lead_created.json");

  private Envelope normalise(String body, String organizationHint) {
    return sources.normalise("ufp", body, organizationHint, null, Instant.now());
  }

  @Test
  void aBodyWithAKeyTwiceIsRefused() {
    // A reader that keeps the first value and one that keeps the last would see two events.
    String twice =
        "{\"webhook_event_type\": \"sub_voided\", " + UFP.substring(UFP.indexOf('{') + 1);

    assertThatThrownBy(() -> normalise(twice, null))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("Duplicate field 'webhook_event_type'");
  }

  @Test
  void identitiesLongerThanTheHubKeepsAreRefused() {
    // 200 characters is what the database's columns hold; a longer one failed in fan-out.
    String longOrganization =
        UFP.replace("\"company_id\": 1", "\"company_id\": \"" + "o".repeat(201) + "\"");
    String longType = UFP.replace("\"new_lead_created\"", "\"" + "t".repeat(300) + "\"");

    assertThat(
            normalise(
                    UFP.replace("\"company_id\": 1", "\"company_id\": \"" + "o".repeat(200) + "\""),
                    null)
                .organizationId())
        .hasSize(200);
    assertThatThrownBy(() -> normalise(longOrganization, null))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("organizationId is 201 characters long; at most 200");
    assertThatThrownBy(() -> normalise(longType, null))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("eventType is 304 characters long; at most 200");
  }

  @Test
  void identitiesWithControlCharactersAreRefused() {
    // They travel in JMS properties and HTTP headers, where a CR or LF would start a new one.
    String withoutCompany = UFP.replace("\"company_id\": 1,", "");

    assertThat(normalise(withoutCompany, "org-1").organizationId()).isEqualTo("org-1");
    assertThatThrownBy(() -> normalise(withoutCompany, "org-1\r\nX-Injected: 1"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("organizationId contains a control character");
    assertThatThrownBy(() -> normalise(withoutCompany, "org\u0000"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("organizationId contains a control character");
  }

  @Test
  void aDeclaredSourceIsKnownWithItsNormaliser() {
    sources.declare("crm", "envelope");
    assertThat(sources.knows("crm")).isTrue();
    assertThat(sources.normaliserOf("crm")).isEqualTo("envelope");
    assertThat(sources.names()).containsExactly("ufp", "crm");
  }

  @Test
  void declaredSourcesNoRouteDeclaresAreForgottenButConfiguredOnesStay() {
    sources.declare("crm", "envelope");
    sources.declare("shop", "envelope");
    assertThat(sources.retainDeclared(java.util.Set.of("shop"))).containsExactly("crm");
    assertThat(sources.names()).containsExactly("ufp", "shop");
    assertThat(sources.retainDeclared(java.util.Set.of())).containsExactly("shop");
    assertThat(sources.knows("ufp")).isTrue();
  }

  @Test
  void declaringAgainWithTheSameNormaliserIsFine() {
    sources.declare("ufp", "ufp");
    sources.declare("crm", "envelope");
    sources.declare("crm", "envelope");
    assertThat(sources.names()).containsExactly("ufp", "crm");
  }

  @Test
  void badDeclarationsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> sources.declare("ufp", "envelope"))
        .hasMessageContaining("already read with normaliser 'ufp'");
    assertThatThrownBy(() -> sources.declare("CRM", "envelope")).hasMessageContaining("lower case");
    assertThatThrownBy(() -> sources.declare("crm", "nosuch"))
        .hasMessageContaining("unknown normaliser");
    assertThat(sources.knows("crm")).isFalse();
  }

  @Test
  void aListenerHearsOfNewDeclarationsAndMayRefuseThem() {
    java.util.List<String> heard = new java.util.ArrayList<>();
    sources.onDeclared(
        (name, normaliser) -> {
          if (name.equals("bad")) {
            throw new IllegalArgumentException("bad credentials for " + name);
          }
          heard.add(name + ":" + normaliser);
        });
    sources.declare("crm", "envelope");
    sources.declare("crm", "envelope");
    sources.declare("ufp", "ufp");
    assertThat(heard).containsExactly("crm:envelope");
    assertThatThrownBy(() -> sources.declare("bad", "envelope"))
        .hasMessageContaining("bad credentials");
    assertThat(sources.knows("bad")).isFalse();
  }

  @Test
  void aBodyPastTheParsersLimitsIsMalformedAndSaysWhichLimit() {
    assertThatThrownBy(() -> normalise("[".repeat(10_000) + "]".repeat(10_000)))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("nested too deeply")
        .hasMessageContaining("1000");
    assertThatThrownBy(() -> normalise("{\"a\": " + "1".repeat(2000) + "}"))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("a number")
        .hasMessageContaining("1000");
    assertThatThrownBy(() -> normalise("{\"a\": [1,"))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("line 1, column");
  }

  private void normalise(String body) {
    sources.normalise("ufp", body, null, null, java.time.Instant.now());
  }
}
