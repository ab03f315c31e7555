package dev.webhookhub.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The standalone Artemis 2.40.0 that docker-compose.yml and scripts/local-cluster.sh run, as a
 * process of its own: the distribution from the local Maven repository (fetched through Maven when
 * it is not there yet), unpacked once under target/ where the script unpacks it, an instance made
 * with {@code artemis create} and the repository's config/artemis/broker.xml with its acceptor
 * moved to 127.0.0.1 and a free port. The hubs connect as {@value #USER}.
 */
public final class StandaloneBroker implements AutoCloseable {

  public static final String VERSION = "2.40.0";
  public static final String USER = "hub";
  // A broker on 127.0.0.1 for a test: the password protects nothing worth more.
  public static final String PASSWORD = "hub";

  private static final Duration START_LIMIT = Duration.ofSeconds(90);

  private final Path instance;
  private final int port = TestHub.freePort();
  private Process process;

  private StandaloneBroker(Path instance) {
    this.instance = instance;
  }

  /**
   * Creates an instance in {@code instance} (a directory that does not exist yet) and starts it.
   */
  public static StandaloneBroker start(Path instance) throws IOException, InterruptedException {
    StandaloneBroker broker = new StandaloneBroker(instance.toAbsolutePath());
    broker.create(distribution());
    broker.start();
    return broker;
  }

  /** The settings that point a hub at this broker, as environment variables. */
  public java.util.Map<String, String> hubEnvironment() {
    return java.util.Map.of(
        "HUB_BROKER_URL", url(), "HUB_BROKER_USER", USER, "HUB_BROKER_PASSWORD", PASSWORD);
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /** Starts the broker process and waits until its acceptor takes connections. */
  public void start() throws IOException, InterruptedException {
    Path log = instance.resolve("artemis.log");
    process =
        new ProcessBuilder(instance.resolve("bin/artemis").toString(), "run")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (!accepts()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The standalone broker did not start; see " + log + ":\n" + tail(log));
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  /** SIGTERM, and waits for the broker to finish (SIGKILL after 60 s). */
  public void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    process = null;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private void create(Path home) throws IOException, InterruptedException {
    run(
        List.of(
            home.resolve("bin/artemis").toString(),
            "create",
            instance.toString(),
            "--silent",
            "--force",
            "--no-web",
            "--require-login",
            "--user",
            USER,
            "--password",
            PASSWORD,
            // the role config/artemis/broker.xml grants the hub's rights to
            "--role",
            "amq",
            "--host",
            "127.0.0.1",
            "--default-port",
            String.valueOf(port)),
        Duration.ofMinutes(2));
    String config = Files.readString(Path.of("config", "artemis", "broker.xml"));
    String moved = config.replace("tcp://0.0.0.0:61616", "tcp://127.0.0.1:" + port);
    if (moved.equals(config)) {
      throw new IllegalStateException(
          "config/artemis/broker.xml has no acceptor on tcp://0.0.0.0:61616 to move");
    }
    Files.writeString(instance.resolve("etc/broker.xml"), moved);
  }

  /**
   * The unpacked distribution under target/, as scripts/local-cluster.sh leaves it; unpacked from
   * the local Maven repository, where Maven puts it first if it is missing.
   */
  private static synchronized Path distribution() throws IOException, InterruptedException {
    Path target = Path.of("target").toAbsolutePath();
    Path home = target.resolve("apache-artemis-" + VERSION);
    if (Files.isExecutable(home.resolve("bin/artemis"))) {
      return home;
    }
    String artifact = "org.apache.activemq:apache-artemis:" + VERSION + ":tar.gz:bin";
    Path archive =
        Path.of(
            System.getProperty(
                "maven.repo.local", System.getProperty("user.home") + "/.m2/repository"),
            "org/apache/activemq/apache-artemis",
            VERSION,
            "apache-artemis-" + VERSION + "-bin.tar.gz");
    if (!Files.isRegularFile(archive)) {
      run(
          List.of("mvn", "-B", "-q", "dependency:get", "-Dartifact=" + artifact),
          Duration.ofMinutes(5));
    }
    // Unpacked beside and then moved, so that a run cut short never leaves half a distribution.
    Path unpacking = Files.createTempDirectory(target, "artemis-unpack");
    run(
        List.of("tar", "xzf", archive.toString(), "-C", unpacking.toString()),
        Duration.ofMinutes(2));
    try {
      Files.move(unpacking.resolve(home.getFileName()), home, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.FileAlreadyExistsException unpackedMeanwhile) {
      // scripts/local-cluster.sh or another test unpacked it at the same time: theirs is as good.
    }
    return home;
  }

  private static void run(List<String> command, Duration limit)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "Failed: "
              + String.join(" ", command)
              + "\n"
              + new String(output, StandardCharsets.UTF_8));
    }
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    String text = Files.readString(log);
    return text.substring(Math.max(0, text.length() - 4000));
  }
}
