package dev.webhookhub.observe;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A bean a test routes file declares: creating it blocks until the test releases it, so the test
 * sees the hub while its routes directory is being loaded.
 */
public final class SlowToLoad {

  private static volatile CountDownLatch loading = new CountDownLatch(1);
  private static volatile CountDownLatch released = new CountDownLatch(1);

  public SlowToLoad() throws InterruptedException {
    loading.countDown();
    if (!released.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the test never released the routes file");
    }
  }

  static void hold() {
    loading = new CountDownLatch(1);
    released = new CountDownLatch(1);
  }

  static void awaitLoading() throws InterruptedException {
    if (!loading.await(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the routes file was never loaded");
    }
  }

  static void release() {
    released.countDown();
  }
}
