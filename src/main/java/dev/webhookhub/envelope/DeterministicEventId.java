package dev.webhookhub.envelope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * Event ids for sources that send none: a name-based (version 5) UUID of the source name and the
 * message's canonical JSON.
 *
 * <p>A source that retries a delivery sends the same body again, so it gets the same id and
 * receivers deduplicate it. Canonical JSON (object keys sorted at every level, no whitespace) keeps
 * the id independent of key order and formatting, which senders do not promise to keep. The source
 * name is part of the name so that two sources sending byte-identical bodies never collide.
 *
 * <p>The namespace and the canonical form are part of the wire contract: changing either changes
 * every id and breaks deduplication across a release.
 */
public final class DeterministicEventId {

  /** Namespace of all hub event ids; fixed forever. */
  static final UUID NAMESPACE = UUID.fromString("9192b6ab-04c3-4f4e-83cb-aca79ced8d47");

  private static final JsonFactory JSON = new ObjectMapper().getFactory();

  private DeterministicEventId() {}

  /** The id of {@code body} as sent by {@code source}. */
  public static String of(String source, JsonNode body) {
    return nameBased(source + "\n" + canonicalJson(body)).toString();
  }

  /** {@code node} with object keys sorted recursively and no whitespace. */
  static String canonicalJson(JsonNode node) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      write(node, generator);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonNode node, JsonGenerator generator) throws IOException {
    if (node.isObject()) {
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      keys.sort(null);
      generator.writeStartObject();
      for (String key : keys) {
        generator.writeFieldName(key);
        write(node.get(key), generator);
      }
      generator.writeEndObject();
    } else if (node.isArray()) {
      generator.writeStartArray();
      for (Iterator<JsonNode> items = node.elements(); items.hasNext(); ) {
        write(items.next(), generator);
      }
      generator.writeEndArray();
    } else {
      generator.writeTree(node);
    }
  }

  /** RFC 4122 version 5: SHA-1 of namespace and name, version and variant bits set. */
  private static UUID nameBased(String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-1", e);
    }
    sha1.update(
        ByteBuffer.allocate(16)
            .putLong(NAMESPACE.getMostSignificantBits())
            .putLong(NAMESPACE.getLeastSignificantBits())
            .array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(bits.getLong(), bits.getLong());
  }
}
