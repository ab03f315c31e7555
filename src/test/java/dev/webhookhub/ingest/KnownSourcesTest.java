package dev.webhookhub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.envelope.SourceSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sources declared by YAML routes, beside the configured ones. */
class KnownSourcesTest {

  private final KnownSources sources =
      new KnownSources(
          Map.of("ufp", SourceSettings.defaults("ufp", "ufp")),
          SourceSettings::defaults,
          new ObjectMapper());

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
