package dev.webhookhub.delivery;

/**
 * Pauses between tries of something that is down (the broker, the database): doubling from a first
 * wait up to a cap, back to the first after a success.
 */
final class Backoff {

  private final long firstMillis;
  private final long capMillis;
  private long nextMillis;

  Backoff(long firstMillis, long capMillis) {
    this.firstMillis = firstMillis;
    this.capMillis = capMillis;
    this.nextMillis = firstMillis;
  }

  /** Sleeps the current wait; the next one is twice as long, up to the cap. */
  void pause() throws InterruptedException {
    Thread.sleep(nextMillis);
    nextMillis = Math.min(nextMillis * 2, capMillis);
  }

  void reset() {
    nextMillis = firstMillis;
  }
}
