package dev.webhookhub.delivery;

import dev.webhookhub.subscription.ForbiddenAddressException;
import dev.webhookhub.subscription.MaskedUrl;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;

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

  /** An attempt that got an HTTP answer; a 429 or 503 may say when to try again. */
  public static AttemptResult answered(
      Instant started, long duration, int status, String body, String retryAfterHeader) {
    if (status >= 200 && status < 300) {
      return new AttemptResult(started, duration, status, null, null, body, null);
    }
    Duration retryAfter =
        status == 429 || status == 503
            ? RetryAfter.parse(retryAfterHeader, Instant.now()).orElse(null)
            : null;
    return new AttemptResult(
        started, duration, status, "non_2xx", "HTTP " + status, body, retryAfter);
  }

  /**
   * An attempt that got no answer. The error names its kind and root cause, never a URL the
   * exception may quote beyond what the cause says.
   */
  public static AttemptResult failed(Instant started, long duration, Throwable failure) {
    String kind = errorKind(failure);
    return new AttemptResult(
        started, duration, null, kind, kind + ": " + StageFailures.describe(failure), null, null);
  }

  static String errorKind(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ForbiddenAddressException) {
        return "blocked_target";
      }
      // Netty's connect timeout is a ConnectException too: checked before it.
      if (t instanceof SocketTimeoutException
          || t instanceof ConnectTimeoutException
          || t instanceof io.netty.channel.ConnectTimeoutException
          || t instanceof TimeoutException) {
        return "timeout";
      }
      if (t instanceof ConnectException) {
        return "connection_refused";
      }
      if (t instanceof UnknownHostException) {
        return "dns";
      }
      if (t instanceof SSLException) {
        return "tls";
      }
    }
    return "error";
  }

  /**
   * This result with {@code url} masked ({@link MaskedUrl}) wherever its error or response quotes
   * it: a connector's URL is a credential, and the attempt record is shown by the admin API.
   */
  public AttemptResult hiding(String url) {
    if (url == null || url.isEmpty()) {
      return this;
    }
    String shown = MaskedUrl.of(url);
    return new AttemptResult(
        startedAt,
        durationMillis,
        statusCode,
        errorKind,
        error == null ? null : error.replace(url, shown),
        responseBody == null ? null : responseBody.replace(url, shown),
        retryAfter);
  }

  public static String cap(String body) {
    if (body == null || body.length() <= MAX_RESPONSE_CHARS) {
      return body;
    }
    return body.substring(0, MAX_RESPONSE_CHARS);
  }
}
