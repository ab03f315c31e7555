package dev.webhookhub.envelope;

/**
 * Turns one source family's native message into the shared {@link Envelope}. Implementations are
 * stateless and pure: the same message and settings always give the same envelope, which is what
 * makes deterministic event ids and replays work.
 */
public interface Normaliser {

  /**
   * @throws InvalidEventException when the message cannot be normalised; the message says why
   */
  Envelope normalise(SourceMessage message, SourceSettings settings);
}
