package dev.webhookhub.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webhookhub.delivery.RetryPolicy;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns the public JSON of a subscription into a {@link SubscriptionRequest}, or fails with the
 * first bad field named ({@code eventTypes[1] must be …}). Unknown fields are refused too: a typo
 * such as {@code evenTypes} must not silently subscribe to nothing.
 */
public final class SubscriptionRequestParser {

  /** The settings fields of a subscription, in the order answers show them. */
  public static final List<String> SETTINGS =
      List.of(
          "organizationId",
          "locationId",
          "eventTypes",
          "filter",
          "url",
          "profile",
          "profileOptions",
          "headers",
          "retryPolicy",
          "rateLimit",
          "description");

  /** Fields a request may carry; {@code secret} is read by the caller. */
  private static final Set<String> FIELDS =
      Stream.concat(SETTINGS.stream(), Stream.of("secret")).collect(Collectors.toUnmodifiableSet());

  /** Headers the HTTP client owns; a subscription may not set them. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of("host", "content-length", "content-type", "transfer-encoding", "connection");

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@/-]{1,200}");
  private static final int MAX_PATTERNS = 50;
  private static final int MAX_DELAYS = 20;
  private static final Duration MAX_DELAY = Duration.ofDays(7);

  /** Whether a profile exists and accepts these options. */
  public interface ProfileCheck {
    /**
     * @return {@code null} if fine, else the problem; an unknown profile returns {@link #UNKNOWN}
     */
    String problem(String profile, Map<String, String> options);

    String UNKNOWN = "unknown";
  }

  private final ProfileCheck profiles;
  private final UnaryOperator<String> urlCheck;

  /**
   * @param profiles checks the profile name and its options
   * @param urlCheck returns the normalised URL or throws {@link InvalidSubscriptionException}
   */
  public SubscriptionRequestParser(ProfileCheck profiles, UnaryOperator<String> urlCheck) {
    this.profiles = profiles;
    this.urlCheck = urlCheck;
  }

  public SubscriptionRequest parse(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new InvalidSubscriptionException("body", "must be a JSON object");
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new InvalidSubscriptionException(name, "is not a subscription field");
      }
    }
    String profile = optionalText(json, "profile", "envelope");
    Map<String, String> profileOptions = stringMap(json, "profileOptions", false);
    String profileProblem = profiles.problem(profile, profileOptions);
    if (ProfileCheck.UNKNOWN.equals(profileProblem)) {
      throw new InvalidSubscriptionException("profile", "'" + profile + "' is not a known profile");
    }
    if (profileProblem != null) {
      throw new InvalidSubscriptionException("profileOptions", profileProblem);
    }
    JsonNode filter = json.get("filter");
    if (filter != null && !filter.isNull()) {
      PayloadFilter.parse(filter);
    } else {
      filter = null;
    }
    String description = optionalText(json, "description", null);
    if (description != null && description.length() > 1000) {
      throw new InvalidSubscriptionException("description", "is longer than 1000 characters");
    }
    // Prose may have tabs and line breaks; a NUL cannot be stored (PostgreSQL refuses it in text:
    // the create answered 500) and no other control character belongs in it either.
    if (description != null
        && description
            .chars()
            .anyMatch(c -> Character.isISOControl(c) && "\t\r\n".indexOf(c) < 0)) {
      throw new InvalidSubscriptionException(
          "description", "contains a control character other than a tab or line break");
    }
    return new SubscriptionRequest(
        id(json, "organizationId", true),
        id(json, "locationId", false),
        eventTypes(json.get("eventTypes")),
        filter,
        url(json.get("url")),
        profile,
        profileOptions,
        stringMap(json, "headers", true),
        retryPolicy(json.get("retryPolicy")),
        rateLimit(json.get("rateLimit")),
        description);
  }

  private static String id(JsonNode json, String field, boolean required) {
    String value = optionalText(json, field, null);
    if (value == null) {
      if (required) {
        throw new InvalidSubscriptionException(field, "is required");
      }
      return null;
    }
    if (!ID.matcher(value).matches()) {
      throw new InvalidSubscriptionException(
          field, "must be 1 to 200 letters, digits or ._:@/- characters");
    }
    return value;
  }

  private static String optionalText(JsonNode json, String field, String fallback) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isTextual() && !node.isNumber()) {
      throw new InvalidSubscriptionException(field, "must be a string");
    }
    String text = node.asText().trim();
    return text.isEmpty() ? fallback : text;
  }

  private static List<String> eventTypes(JsonNode node) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new InvalidSubscriptionException(
          "eventTypes", "must be a non-empty array of patterns such as \"contact.*\"");
    }
    if (node.size() > MAX_PATTERNS) {
      throw new InvalidSubscriptionException("eventTypes", "has more than " + MAX_PATTERNS);
    }
    List<String> patterns = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode pattern = node.get(i);
      if (!pattern.isTextual() || !EventTypePatterns.isValid(pattern.asText())) {
        throw new InvalidSubscriptionException(
            "eventTypes[" + i + "]",
            "must be an event type (lead.created), a family (contact.*) or *");
      }
      patterns.add(pattern.asText());
    }
    return patterns;
  }

  private String url(JsonNode node) {
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw new InvalidSubscriptionException("url", "is required");
    }
    return urlCheck.apply(node.asText().trim());
  }

  private static Map<String, String> stringMap(JsonNode json, String field, boolean headers) {
    JsonNode node = json.get(field);
    Map<String, String> map = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return map;
    }
    if (!node.isObject()) {
      throw new InvalidSubscriptionException(field, "must be a JSON object of strings");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String where = field + "." + entry.getKey();
      if (!entry.getValue().isTextual()) {
        throw new InvalidSubscriptionException(where, "must be a string");
      }
      if (headers) {
        String nameProblem = HeaderSyntax.nameProblem(entry.getKey());
        if (nameProblem != null) {
          throw new InvalidSubscriptionException(where, nameProblem);
        }
        if (RESERVED_HEADERS.contains(entry.getKey().toLowerCase(Locale.ROOT))) {
          throw new InvalidSubscriptionException(where, "is set by the hub and cannot be changed");
        }
        String valueProblem = HeaderSyntax.valueProblem(entry.getValue().asText());
        if (valueProblem != null) {
          throw new InvalidSubscriptionException(where, valueProblem);
        }
      }
      map.put(entry.getKey(), entry.getValue().asText());
    }
    return map;
  }

  private static RetryPolicy retryPolicy(JsonNode node) {
    if (node == null || node.isNull()) {
      return RetryPolicy.defaults();
    }
    if (!node.isObject()) {
      throw new InvalidSubscriptionException("retryPolicy", "must be a JSON object");
    }
    RetryPolicy base;
    JsonNode preset = node.get("preset");
    JsonNode delays = node.get("delays");
    if (preset != null && delays != null) {
      throw new InvalidSubscriptionException("retryPolicy", "takes either preset or delays");
    }
    if (preset != null) {
      if (!preset.isTextual() || !RetryPolicy.PRESETS.containsKey(preset.asText())) {
        throw new InvalidSubscriptionException(
            "retryPolicy.preset", "must be one of " + RetryPolicy.PRESETS.keySet());
      }
      base = RetryPolicy.preset(preset.asText());
    } else if (delays != null) {
      base = new RetryPolicy(null, delays(delays), RetryPolicy.DEFAULT_TIMEOUT_SECONDS, true);
    } else {
      base = RetryPolicy.defaults();
    }
    int timeout = base.timeoutSeconds();
    JsonNode timeoutNode = node.get("timeoutSeconds");
    if (timeoutNode != null) {
      if (!timeoutNode.canConvertToInt() || timeoutNode.asInt() < 1 || timeoutNode.asInt() > 120) {
        throw new InvalidSubscriptionException(
            "retryPolicy.timeoutSeconds", "must be a whole number from 1 to 120");
      }
      timeout = timeoutNode.asInt();
    }
    boolean disable = base.disableOnExhaustion();
    JsonNode disableNode = node.get("disableOnExhaustion");
    if (disableNode != null) {
      if (!disableNode.isBoolean()) {
        throw new InvalidSubscriptionException(
            "retryPolicy.disableOnExhaustion", "must be true or false");
      }
      disable = disableNode.asBoolean();
    }
    return new RetryPolicy(base.preset(), base.delays(), timeout, disable);
  }

  private static Integer rateLimit(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.canConvertToInt()
        || !node.isIntegralNumber()
        || node.asInt() < 1
        || node.asInt() > 1000) {
      throw new InvalidSubscriptionException(
          "rateLimit", "must be a whole number of deliveries per second from 1 to 1000, or null");
    }
    return node.asInt();
  }

  private static List<Duration> delays(JsonNode node) {
    if (!node.isArray() || node.size() > MAX_DELAYS) {
      throw new InvalidSubscriptionException(
          "retryPolicy.delays",
          "must be an array of at most " + MAX_DELAYS + " ISO-8601 durations");
    }
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String where = "retryPolicy.delays[" + i + "]";
      try {
        Duration delay = Duration.parse(node.get(i).asText());
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
          throw new InvalidSubscriptionException(where, "must be between PT0S and P7D");
        }
        delays.add(delay);
      } catch (DateTimeParseException e) {
        throw new InvalidSubscriptionException(where, "must be an ISO-8601 duration such as PT5M");
      }
    }
    return delays;
  }
}
