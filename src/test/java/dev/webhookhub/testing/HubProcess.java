package dev.webhookhub.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shaded jar run as an operator runs it: {@code java -jar} in a working directory of its own,
 * configured only through the environment, on fixed ports across restarts. Every start appends to
 * one output file, the first thing to read when a test fails.
 */
public final class HubProcess implements HubAddress, AutoCloseable {

  private static final Path JAR = Path.of("target", "webhook-hub.jar").toAbsolutePath();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Path workDir;
  private final int httpPort = TestHub.freePort();
  private final int brokerPort = TestHub.freePort();
  private final int hawtioPort = TestHub.freePort();
  private final int managementPort = TestHub.freePort();
  private final List<Process> processes = new ArrayList<>();

  public HubProcess(Path workDir) {
    this.workDir = workDir;
  }

  /** Starts the jar; only host, ports and {@code overrides} are set in its environment. */
  public Process start(Map<String, String> overrides) throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException("No shaded jar at " + JAR + ": run mvn package first");
    }
    Path output = outputFile();
    Files.writeString(
        output,
        "==== hub start " + (processes.size() + 1) + " " + overrides + " ====\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                JAR.toString())
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    Map<String, String> env = builder.environment();
    // A developer's or CI's own settings must not change what the jar does here.
    env.keySet().removeIf(name -> name.startsWith("HUB_") || name.startsWith("CAMEL_"));
    env.put("HUB_HTTP_HOST", "127.0.0.1");
    env.put("HUB_HTTP_PORT", String.valueOf(httpPort));
    env.put("HUB_BROKER_PORT", String.valueOf(brokerPort));
    env.put("HUB_HAWTIO_PORT", String.valueOf(hawtioPort));
    env.put("HUB_MANAGEMENT_PORT", String.valueOf(managementPort));
    env.putAll(overrides);
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  /**
   * Settings by their property names ({@code hub.db.url}) as the jar reads them: {@code
   * HUB_DB_URL}.
   */
  public static Map<String, String> environment(Map<String, String> settings) {
    Map<String, String> env = new java.util.HashMap<>();
    settings.forEach(
        (key, value) ->
            env.put(
                key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'), value));
    return env;
  }

  public String output() throws IOException {
    Path output = outputFile();
    return Files.exists(output)
        ? new String(Files.readAllBytes(output), StandardCharsets.UTF_8)
        : "(no output file)";
  }

  private Path outputFile() {
    return workDir.resolve("hub-output.log");
  }

  /** The working directory the jar runs in; its data dir is {@code data/} there. */
  public Path workDir() {
    return workDir;
  }

  public int managementPort() {
    return managementPort;
  }

  public int httpPort() {
    return httpPort;
  }

  @Override
  public int brokerPort() {
    return brokerPort;
  }

  /** Hawtio's port; Hawtio is on, as by default. */
  public int hawtioPort() {
    return hawtioPort;
  }

  @Override
  public String httpUrl(String path) {
    return "http://127.0.0.1:" + httpPort + path;
  }

  /** A URL on the management server, e.g. {@code managementUrl("/observe/health/ready")}. */
  public String managementUrl(String path) {
    return "http://127.0.0.1:" + managementPort + path;
  }

  /**
   * Waits until {@code process} reports ready (every route runs, the broker and the database
   * answer), polling often enough that the instant returned is within 50 ms of it.
   *
   * @return when the hub was first seen ready
   */
  public Instant awaitReady(Process process) {
    URI ready = URI.create(managementUrl("/observe/health/ready"));
    await("the hub is ready")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(50))
        .failFast("the hub process exited", () -> !process.isAlive())
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(
            () ->
                HTTP.send(HttpRequest.newBuilder(ready).build(), BodyHandlers.discarding())
                    .statusCode(),
            status -> status == 200);
    return Instant.now();
  }

  /** SIGTERM, as an orchestrator stops the hub, and waits until the process is gone. */
  public void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the hub did not stop within 60 s of SIGTERM");
    }
  }

  /** Kills every process this started, as {@code kill -9} would. */
  @Override
  public void close() throws InterruptedException {
    for (Process process : processes) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
