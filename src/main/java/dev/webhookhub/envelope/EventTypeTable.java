package dev.webhookhub.envelope;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One source family's native event types and the envelope types they become.
 *
 * <p>The table is reversible: every envelope type comes from exactly one canonical native type, so
 * the hub can render an envelope back into the source's wire format. Aliases are the only
 * exception; they are extra spellings of a native type the source is known to send, and map one way
 * only. Construction fails on a table that is not reversible, so a clash is caught when the class
 * loads, not when an event is rendered.
 */
public final class EventTypeTable {

  private final Map<String, String> toEnvelope;
  private final Map<String, String> toNative;

  private EventTypeTable(Map<String, String> canonical, Map<String, String> aliases) {
    this.toNative = new HashMap<>();
    canonical.forEach(
        (nativeType, envelopeType) -> {
          String clash = toNative.put(envelopeType, nativeType);
          if (clash != null) {
            throw new IllegalArgumentException(
                String.format(
                    "%s and %s both map to %s; the table must be reversible",
                    clash, nativeType, envelopeType));
          }
        });
    aliases.forEach(
        (alias, nativeType) -> {
          if (!canonical.containsKey(nativeType)) {
            throw new IllegalArgumentException(
                "alias " + alias + " names " + nativeType + ", which is not in the table");
          }
        });
    Map<String, String> all = new HashMap<>(canonical);
    aliases.forEach((alias, nativeType) -> all.put(alias, canonical.get(nativeType)));
    this.toEnvelope = Map.copyOf(all);
  }

  /** A table without aliases. */
  public static EventTypeTable of(Map<String, String> nativeToEnvelope) {
    return new EventTypeTable(nativeToEnvelope, Map.of());
  }

  /**
   * @param nativeToEnvelope the canonical native types and their envelope types
   * @param aliasToNative other spellings of a canonical native type
   */
  public static EventTypeTable withAliases(
      Map<String, String> nativeToEnvelope, Map<String, String> aliasToNative) {
    return new EventTypeTable(nativeToEnvelope, aliasToNative);
  }

  /**
   * The envelope type of {@code nativeType}; a type the table does not know passes through as
   * {@link #passThrough} makes it, because dropping events of a type we have not mapped yet would
   * lose them silently.
   */
  public String envelopeType(String nativeType, SourceSettings settings) {
    String known = toEnvelope.get(nativeType);
    return known != null ? known : passThrough(settings.name(), nativeType);
  }

  /** The canonical native type an envelope type came from, empty for pass-through types. */
  public Optional<String> nativeType(String envelopeType) {
    return Optional.ofNullable(toNative.get(envelopeType));
  }

  /**
   * The envelope type of an event type the hub has no mapping for: {@code <source>.<native>}, the
   * native type lower-cased. Characters outside {@code [a-z0-9_.]} become {@code _} so that the
   * type stays usable as a routing key whatever the source sends.
   */
  public static String passThrough(String source, String nativeType) {
    String lower = nativeType.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.]", "_");
    return source + "." + lower;
  }
}
