package dev.webhookhub.observe;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a probe of something remote on its own thread and waits at most {@code timeout}: a database
 * pool waits up to its connection timeout and a JMS client blocks while it reconnects, but a health
 * check must answer at once. A probe still hanging from an earlier call is not started again; the
 * answer is "no" until it returns.
 */
final class TimeBoxedProbe {

  private final ExecutorService executor;
  private final Duration timeout;
  private Future<?> running;

  TimeBoxedProbe(ExecutorService executor, Duration timeout) {
    this.executor = executor;
    this.timeout = timeout;
  }

  /**
   * @return the probe's result
   * @throws Exception the probe's failure, or a {@link TimeoutException} that says how long it has
   *     been waiting
   */
  synchronized <T> T call(Callable<T> probe) throws Exception {
    if (running != null && !running.isDone()) {
      throw new TimeoutException("no answer yet to the previous check");
    }
    Future<T> future = executor.submit(probe);
    running = future;
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException("no answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
