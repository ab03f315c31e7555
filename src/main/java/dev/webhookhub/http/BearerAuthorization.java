package dev.webhookhub.http;

import dev.webhookhub.signature.SecretComparison;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RFC 6750 bearer tokens, as the admin API and token-protected ingest sources read them: the token
 * an {@code Authorization} header presents, and the {@code WWW-Authenticate} challenge of a 401.
 */
public final class BearerAuthorization {

  /** The protection space of every credential the hub asks for. */
  public static final String REALM = "webhook-hub";

  private static final String SCHEME = "Bearer ";

  private BearerAuthorization() {}

  /** The token {@code authorization} presents with the Bearer scheme, or {@code null}. */
  public static String token(String authorization) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    return authorization.substring(SCHEME.length()).trim();
  }

  /** Whether {@code authorization} presents one of {@code accepted}, compared in constant time. */
  public static boolean presentsOneOf(List<byte[]> accepted, String authorization) {
    String token = token(authorization);
    if (token == null) {
      return false;
    }
    byte[] given = token.getBytes(StandardCharsets.UTF_8);
    boolean matched = false;
    // Every token is compared, so the time does not tell which one came close.
    for (byte[] candidate : accepted) {
      matched |= SecretComparison.matches(candidate, given);
    }
    return matched;
  }

  /**
   * The challenge for a request refused with {@code authorization}. RFC 6750 §3.1: a request that
   * presented a bearer token learns it is {@code invalid_token}; one without (no header, or another
   * scheme) gets no error code, since it may not have known it needs one.
   */
  public static String challenge(String authorization) {
    String challenge = "Bearer realm=\"" + REALM + "\"";
    return token(authorization) == null ? challenge : challenge + ", error=\"invalid_token\"";
  }
}
