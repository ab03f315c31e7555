package dev.webhookhub.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webhookhub.config.HubSettings;
import dev.webhookhub.envelope.Envelope;
import dev.webhookhub.envelope.EnvelopeLimits;
import dev.webhookhub.envelope.InvalidEventException;
import dev.webhookhub.envelope.Normaliser;
import dev.webhookhub.envelope.NormaliserCatalog;
import dev.webhookhub.envelope.SourceMessage;
import dev.webhookhub.envelope.SourceSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * The sources this hub accepts, each with its settings and normaliser: the configured ones ({@code
 * hub.sources}), and those a YAML route declares when it is created from one of the hub's source
 * templates. Declarations happen while routes are created and lookups on every message, so access
 * is synchronized; it is a map lookup, never a bottleneck.
 */
public final class KnownSources {

  private record Source(SourceSettings settings, Normaliser normaliser) {}

  private final ObjectMapper json;
  private final BiFunction<String, String, SourceSettings> declaredSettings;
  private final Map<String, Source> sources = new LinkedHashMap<>();
  private final Set<String> configured;
  private BiConsumer<String, String> declaredListener = (name, normaliser) -> {};

  /**
   * @param declaredSettings settings of a declared source from its name and normaliser (the {@code
   *     hub.source.<name>.*} keys apply to declared sources too)
   */
  public KnownSources(
      Map<String, SourceSettings> settings,
      BiFunction<String, String, SourceSettings> declaredSettings,
      ObjectMapper json) {
    this.json = json;
    this.declaredSettings = declaredSettings;
    settings.forEach(
        (name, s) -> sources.put(name, new Source(s, NormaliserCatalog.forName(s.normaliser()))));
    this.configured = Set.copyOf(settings.keySet());
  }

  /**
   * Forgets the sources that YAML routes declared and none declares any more (their file was
   * deleted or changed), so that {@code /ingest/<name>} stops accepting them as the routes stop.
   * Configured sources stay.
   *
   * @return the names forgotten
   */
  public synchronized Set<String> retainDeclared(Set<String> stillDeclared) {
    Set<String> forgotten = new LinkedHashSet<>();
    for (String name : new ArrayList<>(sources.keySet())) {
      if (!configured.contains(name) && !stillDeclared.contains(name)) {
        sources.remove(name);
        forgotten.add(name);
      }
    }
    return forgotten;
  }

  /**
   * Tells {@code listener} the name and normaliser of each source a route declares from now on,
   * before it is accepted: an exception from the listener refuses the declaration.
   */
  public synchronized void onDeclared(BiConsumer<String, String> listener) {
    this.declaredListener = listener;
  }

  public synchronized boolean knows(String source) {
    return source != null && sources.containsKey(source);
  }

  /** A snapshot of the names, in the order they became known. */
  public synchronized Set<String> names() {
    return new LinkedHashSet<>(sources.keySet());
  }

  /** The normaliser family a known source is read with. */
  public synchronized String normaliserOf(String source) {
    Source known = sources.get(source);
    if (known == null) {
      throw new IllegalArgumentException("Unknown source " + source);
    }
    return known.settings().normaliser();
  }

  /**
   * Accepts a source declared by a route (YAML). Declaring a known source again with the same
   * normaliser is fine (several routes may feed one source); with another normaliser it is a
   * mistake, since one source's messages would be read two ways.
   *
   * @throws IllegalArgumentException for a bad name, an unknown normaliser or a conflict; Camel
   *     then refuses the route, and the hub does not start
   */
  public synchronized void declare(String name, String normaliser) {
    if (!HubSettings.isValidSourceName(name)) {
      throw new IllegalArgumentException(
          "source '" + name + "': a source name is lower case letters, digits, '-' or '_'");
    }
    Normaliser family = NormaliserCatalog.forName(normaliser);
    Source known = sources.get(name);
    if (known != null) {
      if (!known.settings().normaliser().equals(normaliser)) {
        throw new IllegalArgumentException(
            "source '"
                + name
                + "' is already read with normaliser '"
                + known.settings().normaliser()
                + "', not '"
                + normaliser
                + "'");
      }
      return;
    }
    SourceSettings settings = declaredSettings.apply(name, normaliser);
    declaredListener.accept(name, normaliser);
    sources.put(name, new Source(settings, family));
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
    Source known;
    synchronized (this) {
      known = sources.get(source);
    }
    if (known == null) {
      throw new IllegalArgumentException("Unknown source " + source);
    }
    JsonNode parsed = parse(body);
    return EnvelopeLimits.check(
        known
            .normaliser()
            .normalise(
                new SourceMessage(parsed, organizationHint, locationHint, receivedAt),
                known.settings()));
  }

  private JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw new MalformedBodyException("the body is empty; expected a JSON object", null);
    }
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw MalformedBodyException.of(e, json.getFactory().streamReadConstraints());
    }
  }
}
