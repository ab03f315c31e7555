package dev.webhookhub.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookhub.admin.AdminToken;
import dev.webhookhub.config.ConfigFiles;
import dev.webhookhub.config.HubSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagementAccessTest {

  private static final AdminToken TOKEN =
      AdminToken.configuredOrGenerated("the-admin-token", Path.of("unused"));

  private static OperatorCredentials credentials(Map<String, String> env) {
    return OperatorCredentials.of(HubSettings.load(ConfigFiles.read(), env, Map.of()), TOKEN);
  }

  @Test
  void withoutAPasswordTheAdminTokenIsThePassword() {
    OperatorCredentials operator = credentials(Map.of());
    assertThat(operator.matches("admin", "the-admin-token")).isTrue();
    assertThat(operator.matches("admin", "the-admin-toke")).isFalse();
    assertThat(operator.matches("other", "the-admin-token")).isFalse();
    assertThat(operator.matches(null, null)).isFalse();
  }

  @Test
  void aConfiguredPasswordReplacesTheToken() {
    OperatorCredentials operator =
        credentials(Map.of("HUB_HAWTIO_USER", "ops", "HUB_HAWTIO_PASSWORD", "s3cret"));
    assertThat(operator.matches("ops", "s3cret")).isTrue();
    assertThat(operator.matches("ops", "the-admin-token")).isFalse();
    assertThat(operator.matches("admin", "s3cret")).isFalse();
  }

  @Test
  void onlyLoopbackNamesAreLocal() {
    for (String local : new String[] {"127.0.0.1", "localhost", "::1", "LOCALHOST"}) {
      assertThat(ManagementEndpoints.needsCredentials(local)).as(local).isFalse();
    }
    for (String open : new String[] {"0.0.0.0", "::", "10.0.0.5", "hub.example"}) {
      assertThat(ManagementEndpoints.needsCredentials(open)).as(open).isTrue();
    }
  }
}
