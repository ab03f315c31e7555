package dev.webhookhub.delivery.profile;

import dev.webhookhub.subscription.HeaderSyntax;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects one request's headers in sending order: {@code Content-Type} and {@code User-Agent},
 * then the profile's own, then the subscription's custom headers.
 *
 * <p>Every header a profile sets, or could set (a signature header of an unsigned request), is
 * reserved: a custom header of the same name, compared case-insensitively as HTTP does, is dropped.
 * The profile wins so that a subscription can never replace the signature, id or content type a
 * receiver verifies; rejecting such names belongs where subscriptions are saved, not in every
 * delivery.
 */
final class RequestHeaders {

  /** The {@code User-Agent} of every profile that was not promised another. */
  static final String DEFAULT_USER_AGENT = "WebhookHub/1.0";

  private final Map<String, String> headers = new LinkedHashMap<>();
  private final Set<String> reserved = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  private RequestHeaders() {}

  /** A JSON request from {@code userAgent}. */
  static RequestHeaders json(String userAgent) {
    return new RequestHeaders()
        .set("Content-Type", "application/json")
        .set("User-Agent", userAgent);
  }

  RequestHeaders set(String name, String value) {
    reserved.add(name);
    headers.put(name, value);
    return this;
  }

  /** Sets the header when there is a value, and reserves its name either way. */
  RequestHeaders set(String name, Optional<String> value) {
    reserved.add(name);
    value.ifPresent(present -> headers.put(name, present));
    return this;
  }

  /**
   * A custom value as saved, or the attempt fails: subscriptions saved before the hub checked
   * header values may hold one that HTTP would carry changed. The message names the header, never
   * the value.
   */
  private static String sendable(String name, String value) {
    String problem = HeaderSyntax.nameProblem(name);
    if (problem == null) {
      problem = HeaderSyntax.valueProblem(value);
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "custom header "
              + name
              + " "
              + problem
              + ": change the subscription's headers (PATCH /api/subscriptions/{id})");
    }
    return value;
  }

  /** The request: {@code body} and these headers followed by the non-reserved custom ones. */
  WebhookRequest build(byte[] body, Map<String, String> customHeaders) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    customHeaders.forEach(
        (name, value) -> {
          if (!reserved.contains(name)) {
            all.put(name, sendable(name, value));
          }
        });
    return new WebhookRequest(body, all);
  }
}
