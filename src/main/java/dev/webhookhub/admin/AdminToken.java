package dev.webhookhub.admin;

import dev.webhookhub.config.GeneratedKeyFile;
import dev.webhookhub.http.BearerAuthorization;
import dev.webhookhub.http.ProblemException;
import dev.webhookhub.signature.SecretComparison;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token of the admin API: configured, or generated once into the data dir. The log says
 * where a generated token is, never the token.
 */
public final class AdminToken {

  private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);

  /** File name of the generated token under the data dir. */
  public static final String FILE = "admin-token";

  private final byte[] token;

  private AdminToken(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  public static AdminToken configuredOrGenerated(String configured, Path dataDir) {
    if (configured != null) {
      return new AdminToken(configured);
    }
    Path file = dataDir.resolve(FILE).toAbsolutePath();
    AdminToken token = new AdminToken(GeneratedKeyFile.readOrCreate(file, 32));
    LOG.info("Admin API token is in {} (set HUB_ADMIN_TOKEN to choose one)", file);
    return token;
  }

  /** Whether {@code candidate} is this token, compared in constant time. */
  public boolean matches(String candidate) {
    return candidate != null
        && SecretComparison.matches(token, candidate.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws ProblemException 401 with the bearer challenge unless the header carries this token
   */
  public void check(String authorization) {
    if (!BearerAuthorization.presentsOneOf(List.of(token), authorization)) {
      throw new ProblemException(
              401,
              "unauthorized",
              "Unauthorized",
              BearerAuthorization.token(authorization) == null
                  ? "the admin API needs an Authorization: Bearer <token> header"
                  : "the bearer token is not valid")
          .withHeader("WWW-Authenticate", BearerAuthorization.challenge(authorization));
    }
  }
}
