package dev.webhookhub.routes;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the routes files once the hub has started (so a hub with a broken file still starts, and
 * says which file is broken), then rescans them every {@code interval}. A zero interval loads them
 * once and never reloads.
 */
public final class RouteFilesWatch extends ServiceSupport implements ExtendedStartupListener {

  private static final Logger LOG = LoggerFactory.getLogger(RouteFilesWatch.class);

  private final CamelContext context;
  private final RouteFiles files;
  private final Duration interval;
  private ScheduledExecutorService executor;
  private volatile boolean loaded;

  public RouteFilesWatch(CamelContext context, RouteFiles files, Duration interval) {
    this.context = context;
    this.files = files;
    this.interval = interval;
  }

  @Override
  public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    // Routes are not running yet: the files are loaded in onCamelContextFullyStarted.
  }

  @Override
  public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
    scanSafely();
    loaded = true;
    if (!interval.isZero()) {
      executor =
          context
              .getExecutorServiceManager()
              .newSingleThreadScheduledExecutor(this, "hub-route-files");
      executor.scheduleWithFixedDelay(
          this::scanSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Whether the first scan is done: every file in the directory was loaded or reported broken. The
   * hub is not ready before, since routes that integrators added are not running yet.
   */
  public boolean loaded() {
    return loaded;
  }

  private void scanSafely() {
    try {
      files.scan();
    } catch (RuntimeException e) {
      // One bad scan (say, an unreadable directory) must not end reloading for good.
      LOG.error("Scanning routes in {} failed: {}", files.directory(), e.toString());
    }
  }

  @Override
  protected void doStop() {
    if (executor != null) {
      context.getExecutorServiceManager().shutdown(executor);
      executor = null;
    }
  }
}
