package dev.webhookhub.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookhub.admin.AdminToken;
import dev.webhookhub.config.ConfigFiles;
import dev.webhookhub.config.HubSettings;
import java.nio.file.Path;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import org.junit.jupiter.api.Test;

class OperatorLoginModuleTest {

  private static final String TOKEN = "admin-token-0123456789abcdef";

  @Test
  void withoutAPasswordTheAdminTokenLogsIn() throws Exception {
    OperatorCredentials operator = credentials(Map.of());

    Subject subject = login(operator, "admin", TOKEN);

    assertThat(subject.getPrincipals())
        .extracting(p -> p.getClass().getSimpleName() + ":" + p.getName())
        .containsExactlyInAnyOrder("UserPrincipal:admin", "RolePrincipal:admin");
    assertThatThrownBy(() -> login(operator, "admin", "wrong"))
        .isInstanceOf(FailedLoginException.class);
    assertThatThrownBy(() -> login(operator, "root", TOKEN))
        .isInstanceOf(FailedLoginException.class);
  }

  @Test
  void aSetPasswordReplacesTheAdminToken() throws Exception {
    OperatorCredentials operator =
        credentials(Map.of("hub.hawtio.user", "ops", "hub.hawtio.password", "s3cret-password"));

    assertThat(login(operator, "ops", "s3cret-password").getPrincipals())
        .extracting(Principal::getName)
        .contains("ops");
    assertThatThrownBy(() -> login(operator, "ops", TOKEN))
        .isInstanceOf(FailedLoginException.class);
    assertThat(operator.toString()).doesNotContain("s3cret");
  }

  @Test
  void logoutRemovesThePrincipals() throws Exception {
    OperatorCredentials operator = credentials(Map.of());
    Subject subject = new Subject();
    LoginContext context = context(operator, subject, "admin", TOKEN);
    context.login();

    context.logout();

    assertThat(subject.getPrincipals()).isEmpty();
  }

  private static OperatorCredentials credentials(Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>(overrides);
    values.put("hub.data-dir", Path.of("target", "no-such-data-dir").toString());
    HubSettings settings = HubSettings.load(ConfigFiles.read(), Map.of(), values);
    return OperatorCredentials.of(
        settings, AdminToken.configuredOrGenerated(TOKEN, settings.dataDir()));
  }

  private static Subject login(OperatorCredentials operator, String user, String password)
      throws Exception {
    Subject subject = new Subject();
    context(operator, subject, user, password).login();
    return subject;
  }

  private static LoginContext context(
      OperatorCredentials operator, Subject subject, String user, String password)
      throws Exception {
    return new LoginContext(
        OperatorLoginModule.REALM,
        subject,
        callbacks -> {
          for (var callback : callbacks) {
            if (callback instanceof NameCallback name) {
              name.setName(user);
            } else if (callback instanceof PasswordCallback secret) {
              secret.setPassword(password.toCharArray());
            }
          }
        },
        OperatorLoginModule.configuration(operator));
  }
}
