package dev.webhookhub.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The demo's data dir (broker journal, H2 file; about 23 MB) in the temp directory, deleted when
 * the demo ends, and by a shutdown hook when it is interrupted (Ctrl-C, SIGTERM): a demo run must
 * not leave a folder behind. The hook first stops what still writes there (the hub), else the
 * broker would recreate files while they are deleted.
 */
final class ThrowAwayDataDir implements AutoCloseable {

  private final Path dir;
  private final AtomicReference<AutoCloseable> writer = new AtomicReference<>();
  private final Thread hook;

  private ThrowAwayDataDir(Path dir) {
    this.dir = dir;
    this.hook = new Thread(this::stopAndDelete, "demo-data-dir-cleanup");
  }

  static ThrowAwayDataDir create() throws IOException {
    ThrowAwayDataDir data = new ThrowAwayDataDir(Files.createTempDirectory("webhook-hub-demo"));
    Runtime.getRuntime().addShutdownHook(data.hook);
    return data;
  }

  Path path() {
    return dir;
  }

  /** What writes into the dir, stopped before it is deleted on an interrupted run. */
  void writtenBy(AutoCloseable writer) {
    this.writer.set(writer);
  }

  /** The hook's work; also what an orderly end does. */
  void stopAndDelete() {
    AutoCloseable running = writer.getAndSet(null);
    if (running != null) {
      try {
        running.close();
      } catch (Exception e) {
        // Deleting comes next either way; the hub's own log said what failed.
      }
    }
    delete(dir);
  }

  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the demo's data in " + dir, e);
    }
  }

  /** Deletes the dir now; the hook is no longer needed. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: it deletes the dir.
      return;
    }
    stopAndDelete();
  }

  /** For tests: the hook as the JVM would run it on Ctrl-C. */
  Thread hook() {
    return hook;
  }
}
