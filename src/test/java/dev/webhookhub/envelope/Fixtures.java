package dev.webhookhub.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/** Seed fixtures and JSON for the normaliser tests. */
public final class Fixtures {

  /** When the hub "received" every test message. */
  public static final Instant RECEIVED = Instant.parse("2025-11-06T17:22:05Z");

  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /** {@code src/test/resources/seeds/<path>}, freshly parsed so tests may modify it. */
  public static ObjectNode seed(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/seeds/" + path)) {
      assertThat(in).as("fixture seeds/%s", path).isNotNull();
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON object written with single quotes for readability. */
  public static ObjectNode json(String singleQuoted) {
    return parse(singleQuoted.replace('\'', '"'));
  }

  public static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A copy of {@code node} with its top-level keys in reverse order. */
  public static ObjectNode reversed(ObjectNode node) {
    ObjectNode copy = JSON.createObjectNode();
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    Collections.reverse(keys);
    keys.forEach(key -> copy.set(key, node.get(key).deepCopy()));
    return copy;
  }

  public static void assertNameBasedUuid(String eventId) {
    UUID uuid = UUID.fromString(eventId);
    assertThat(uuid.toString()).isEqualTo(eventId);
    assertThat(uuid.version()).as("UUID version").isEqualTo(5);
    assertThat(uuid.variant()).as("UUID variant").isEqualTo(2);
  }
}
