package dev.webhookhub.observe;

import dev.webhookhub.admin.AdminToken;
import dev.webhookhub.config.HubSettings;
import dev.webhookhub.signature.SecretComparison;
import java.util.function.Predicate;

/**
 * The operator's one user name and password: {@code hub.hawtio.user} and {@code
 * hub.hawtio.password}, or the admin API token when no password is set, so that a fresh hub needs
 * no second secret. Compared in constant time; the password is never kept in a form that could be
 * printed.
 */
public final class OperatorCredentials {

  private final String user;
  private final Predicate<String> password;

  OperatorCredentials(String user, Predicate<String> password) {
    this.user = user;
    this.password = password;
  }

  public static OperatorCredentials of(HubSettings settings, AdminToken adminToken) {
    Predicate<String> password =
        settings
            .hawtioPassword()
            .<Predicate<String>>map(
                configured -> {
                  return candidate -> SecretComparison.matches(configured, candidate);
                })
            .orElse(adminToken::matches);
    return new OperatorCredentials(settings.hawtioUser(), password);
  }

  public String user() {
    return user;
  }

  /** Whether both match; both are always compared, so the time does not say which one failed. */
  public boolean matches(String candidateUser, String candidatePassword) {
    boolean userMatches = SecretComparison.matches(user, candidateUser);
    return password.test(candidatePassword) & userMatches;
  }

  @Override
  public String toString() {
    return "OperatorCredentials[user=" + user + "]";
  }
}
