package dev.webhookhub.observe;

import dev.webhookhub.admin.AdminToken;
import dev.webhookhub.config.HubSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The operator's user and password ({@code hub.hawtio.user} / {@code hub.hawtio.password}; the
 * admin API token when no password is set), as HTTP Basic on metrics and Jolokia beyond localhost.
 */
public final class OperatorCredentials {

  private final byte[] user;
  private final byte[] password;
  private final AdminToken adminToken;

  private OperatorCredentials(String user, String password, AdminToken adminToken) {
    this.user = user.getBytes(StandardCharsets.UTF_8);
    this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
    this.adminToken = adminToken;
  }

  public static OperatorCredentials of(HubSettings settings, AdminToken adminToken) {
    return new OperatorCredentials(
        settings.hawtioUser(), settings.hawtioPassword().orElse(null), adminToken);
  }

  /** Compares both in constant time, and both always, so timing tells nothing about either. */
  public boolean accept(String user, String password) {
    if (user == null || password == null) {
      return false;
    }
    boolean userMatches = MessageDigest.isEqual(this.user, user.getBytes(StandardCharsets.UTF_8));
    boolean passwordMatches =
        this.password == null
            ? adminToken.matches(password)
            : MessageDigest.isEqual(this.password, password.getBytes(StandardCharsets.UTF_8));
    return userMatches & passwordMatches;
  }
}
