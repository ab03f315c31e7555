package dev.webhookhub.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.InvalidEventException;
import dev.webhookhub.envelope.Normaliser;
import dev.webhookhub.envelope.NormaliserCatalog;
import dev.webhookhub.envelope.SourceMessage;
import dev.webhookhub.envelope.SourceSettings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The sources this hub accepts, each with its settings and normaliser. */
public final class KnownSources {

  private record Source(SourceSettings settings, Normaliser normaliser) {}

  private final ObjectMapper json;
  private final Map<String, Source> sources = new LinkedHashMap<>();

  public KnownSources(Map<String, SourceSettings> settings, ObjectMapper json) {
    this.json = json;
    settings.forEach(
        (name, s) -> sources.put(name, new Source(s, NormaliserCatalog.forName(s.normaliser()))));
  }

  public boolean knows(String source) {
    return source != null && sources.containsKey(source);
  }

  public Set<String> names() {
    return sources.keySet();
  }

  /**
   * Parses and normalises one raw message.
   *
   * @throws InvalidEventException if the body is not JSON or not a valid event of that source
   * @throws IllegalArgumentException if the source is unknown (a routing error, not bad input)
   */
  public Envelope normalise(
      String source,
      String body,
      String organizationHint,
      String locationHint,
      Instant receivedAt) {
    Source known = sources.get(source);
    if (known == null) {
      throw new IllegalArgumentException("Unknown source " + source);
    }
    JsonNode parsed = parse(body);
    return known
        .normaliser()
        .normalise(
            new SourceMessage(parsed, organizationHint, locationHint, receivedAt),
            known.settings());
  }

  private JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw new MalformedBodyException("the body is empty; expected a JSON object", null);
    }
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedBodyException(
          "the body is not valid JSON: "
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr(),
          e);
    }
  }
}
