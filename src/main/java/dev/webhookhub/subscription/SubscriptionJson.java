package dev.webhookhub.subscription;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.delivery.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The public JSON of a subscription (what the admin API returns) and the JSON of its stored
 * columns. Custom header values are shown masked: they often are credentials. So is the URL of a
 * connector (Slack, Zapier...), which is its channel's credential, except in the creation answer:
 * {@link MaskedUrl} keeps the scheme, host and first path segment.
 */
public final class SubscriptionJson {

  static final String MASK = "********";

  private final ObjectMapper json;
  private final Predicate<String> urlIsCredential;

  /**
   * @param urlIsCredential whether a profile's URL is its credential (a connector's, which is not
   *     signed) rather than an address
   */
  public SubscriptionJson(ObjectMapper json, Predicate<String> urlIsCredential) {
    this.json = json;
    this.urlIsCredential = urlIsCredential;
  }

  /** The answer to a creation: the only one with a connector's URL whole. */
  public ObjectNode toCreated(Subscription s) {
    ObjectNode node = toPublic(s);
    node.put("url", s.url());
    return node;
  }

  public ObjectNode toPublic(Subscription s) {
    ObjectNode node = json.createObjectNode();
    node.put("id", s.id());
    node.put("organizationId", s.organizationId());
    node.put("locationId", s.locationId());
    ArrayNode types = node.putArray("eventTypes");
    s.eventTypes().forEach(types::add);
    node.put("url", urlIsCredential.test(s.profile()) ? MaskedUrl.of(s.url()) : s.url());
    node.put("profile", s.profile());
    node.set("profileOptions", json.valueToTree(s.profileOptions()));
    ObjectNode headers = node.putObject("headers");
    s.headers().keySet().stream().sorted().forEach(name -> headers.put(name, MASK));
    node.set("filter", s.filter());
    node.set("retryPolicy", retryPolicy(s.retryPolicy()));
    if (s.rateLimit() == null) {
      node.putNull("rateLimit");
    } else {
      node.put("rateLimit", s.rateLimit());
    }
    node.put("description", s.description());
    node.put("enabled", s.enabled());
    node.put("disabledReason", s.disabledReason());
    node.put("disabledAt", s.disabledAt() == null ? null : s.disabledAt().toString());
    node.put("createdAt", s.createdAt().toString());
    node.put("updatedAt", s.updatedAt().toString());
    return node;
  }

  /**
   * The request that would recreate {@code s}, URL and headers unmasked: the base a partial update
   * is merged onto.
   */
  public ObjectNode toRequest(Subscription s) {
    ObjectNode node = toCreated(s);
    node.set("headers", json.valueToTree(s.headers()));
    ObjectNode request = json.createObjectNode();
    for (String field : SubscriptionRequestParser.SETTINGS) {
      request.set(field, node.get(field));
    }
    return request;
  }

  ObjectNode retryPolicy(RetryPolicy policy) {
    ObjectNode node = json.createObjectNode();
    if (policy.preset() != null) {
      node.put("preset", policy.preset());
    } else {
      ArrayNode delays = node.putArray("delays");
      policy.delays().forEach(d -> delays.add(d.toString()));
    }
    node.put("timeoutSeconds", policy.timeoutSeconds());
    node.put("disableOnExhaustion", policy.disableOnExhaustion());
    return node;
  }

  RetryPolicy readRetryPolicy(String text) {
    JsonNode node = read(text);
    int timeout = node.path("timeoutSeconds").asInt(RetryPolicy.DEFAULT_TIMEOUT_SECONDS);
    boolean disable = node.path("disableOnExhaustion").asBoolean(true);
    if (node.hasNonNull("preset")) {
      RetryPolicy preset = RetryPolicy.preset(node.get("preset").asText());
      return new RetryPolicy(preset.preset(), preset.delays(), timeout, disable);
    }
    List<Duration> delays =
        json.convertValue(node.path("delays"), new TypeReference<List<String>>() {}).stream()
            .map(Duration::parse)
            .toList();
    return new RetryPolicy(null, delays, timeout, disable);
  }

  String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write subscription JSON", e);
    }
  }

  JsonNode read(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored subscription JSON is corrupt", e);
    }
  }

  List<String> readList(String text) {
    return json.convertValue(read(text), new TypeReference<List<String>>() {});
  }

  Map<String, String> readMap(String text) {
    return text == null
        ? Map.of()
        : json.convertValue(read(text), new TypeReference<Map<String, String>>() {});
  }

  static String instant(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
