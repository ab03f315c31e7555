package dev.webhookhub.bench;

import static org.awaitility.Awaitility.await;

import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.HubProcess;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged hub as its own process ({@link HubProcess}: {@code java -Xmx512m -jar}), for the
 * scenarios a hub in the benchmark's JVM cannot play: a {@code kill -9} and restart, its heap
 * alone, its start-up. Starts on the same data dir, ports and database every time, and says how
 * long it took to become ready.
 */
final class HubJar implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration START_LIMIT = Duration.ofSeconds(180);

  private final HubProcess processes;
  private final Path workDir;
  private final TestDatabase database;
  private final Map<String, String> env;
  private Process process;

  private HubJar(Path workDir, TestDatabase database, Map<String, String> settings) {
    this.workDir = workDir;
    this.database = database;
    this.processes = new HubProcess(workDir);
    this.env = HubProcess.environment(settings);
  }

  /**
   * A hub set up as the benchmark's in-process hubs are ({@code TestHub}: known admin token and
   * master key, receivers on 127.0.0.1 allowed, Hawtio off), plus {@code -Dbench.hub.<key>}.
   */
  static HubJar forBench(Path workDir, TestDatabase database) throws IOException {
    Map<String, String> settings = new HashMap<>(database.settings(dataDir(workDir)));
    settings.put("hub.admin.token", TestHub.ADMIN_TOKEN);
    settings.put("hub.secrets.master-key", TestHub.SECRETS_MASTER_KEY);
    settings.put("hub.allow-targets", "127.0.0.1,localhost");
    settings.put("hub.hawtio.enabled", "false");
    settings.putAll(BenchSettings.hubSettings());
    return new HubJar(Files.createDirectories(workDir), database, settings);
  }

  /** The operator's first run: default settings, only the database chosen. */
  static HubJar withDefaults(Path workDir, TestDatabase database) throws IOException {
    return new HubJar(
        Files.createDirectories(workDir), database, database.settings(dataDir(workDir)));
  }

  /** Starts the process and waits until {@code /observe/health/ready} answers 200. */
  Duration startReady() throws IOException {
    long start = System.nanoTime();
    Process started = processes.start(env);
    process = started;
    URI ready = URI.create(processes.managementUrl("/observe/health/ready"));
    try {
      await("the hub is ready")
          .atMost(START_LIMIT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(20))
          .failFast("the hub process exited", () -> !started.isAlive())
          .ignoreExceptionsInstanceOf(IOException.class)
          .until(
              () ->
                  HTTP.send(
                          HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                          HttpResponse.BodyHandlers.discarding())
                      .statusCode(),
              status -> status == 200);
    } catch (RuntimeException | Error e) {
      throw new IllegalStateException("The hub did not become ready:\n" + tail(), e);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** {@code kill -9}: nothing of the hub runs on. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, as an orchestrator stops it, and waits for it to finish. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      kill();
    }
  }

  /** Heap in use after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}), MB. */
  double heapAfterFullGcMb() throws IOException, InterruptedException {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    // G1 prints one "heap total ..K, used ..K" line; other collectors one per generation.
    Matcher used = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info.split("Metaspace")[0]);
    long kb = 0;
    while (used.find()) {
      kb += Long.parseLong(used.group(1));
    }
    if (kb == 0) {
      throw new IllegalStateException("jcmd GC.heap_info printed no heap figure:\n" + info);
    }
    return kb / 1024.0;
  }

  /** Heap in use now, garbage included ({@code jvm_memory_used_bytes{area="heap"}}), MB. */
  double heapUsedMb() throws IOException, InterruptedException {
    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(URI.create(processes.managementUrl("/observe/metrics")))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double bytes = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return bytes / (1024 * 1024);
  }

  /** Resident set size of the process ({@code VmRSS}), MB. */
  double rssMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IllegalStateException("no VmRSS for process " + pid());
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  boolean onPostgres() {
    return !(database instanceof TestDatabase.H2);
  }

  long pid() {
    return process.pid();
  }

  AdminClient admin() {
    return new AdminClient(processes);
  }

  int httpPort() {
    return processes.httpPort();
  }

  /**
   * A connection to the hub's database for the benchmark itself. H2 is a file the hub process holds
   * while it runs: open it only while the hub is stopped. PostgreSQL batches inserts into multi-row
   * statements.
   */
  Connection connectDatabase() throws SQLException {
    return database.connect(dataDir(workDir));
  }

  /** The last lines the hub printed, for a failure's message. */
  String tail() throws IOException {
    String output = processes.output();
    return output.substring(Math.max(0, output.length() - 4000));
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid()),
                command)
            .redirectErrorStream(true)
            .start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (jcmd.waitFor() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed:\n" + output);
    }
    return output;
  }

  /** Where the jar keeps its data: {@code data/} in its working directory, as by default. */
  private static Path dataDir(Path workDir) {
    return workDir.resolve("data");
  }

  @Override
  public void close() throws InterruptedException {
    processes.close();
  }
}
