package dev.webhookhub.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * What one send attempt came to.
 *
 * @param statusCode the HTTP status, or {@code null} if no response arrived
 * @param errorKind {@code null} on success; else timeout, connection_refused, dns, tls,
 *     blocked_target, non_2xx or error
 * @param retryAfter the receiver's Retry-After, if it sent one with a 429 or 503
 */
public record AttemptResult(
    Instant startedAt,
    long durationMillis,
    Integer statusCode,
    String errorKind,
    String error,
    String responseBody,
    Duration retryAfter) {

  /** Largest response body kept in the attempt record. */
  public static final int MAX_RESPONSE_CHARS = 4096;

  public boolean succeeded() {
    return errorKind == null;
  }

  /** 410 Gone: the receiver says the endpoint is gone for good. */
  public boolean gone() {
    return statusCode != null && statusCode == 410;
  }

  public static String cap(String body) {
    if (body == null || body.length() <= MAX_RESPONSE_CHARS) {
      return body;
    }
    return body.substring(0, MAX_RESPONSE_CHARS);
  }
}
