package dev.webhookhub.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A receiver that misbehaves on purpose, at the socket: it answers each request the hub sends with
 * the bytes its {@link Behaviour} writes (or does not write), so that a test can cut a body short,
 * reset the connection, never stop talking or never answer, which no well-behaved HTTP server lets
 * one do. Optionally behind TLS with a self-signed certificate the hub must not trust.
 */
final class FaultyReceiver implements AutoCloseable {

  /** What the receiver does with one request, given its connection and how many came before. */
  interface Behaviour {
    void answer(Socket connection, int requestNumber) throws IOException;
  }

  /** A request the receiver read in full. */
  record Request(Instant at, String path) {}

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Throwable> connectionFailures = new CopyOnWriteArrayList<>();
  private final AtomicInteger answered = new AtomicInteger();

  private FaultyReceiver(ServerSocket server, Behaviour behaviour) {
    this.server = server;
    threads.execute(
        () -> {
          while (!server.isClosed()) {
            try {
              Socket connection = server.accept();
              threads.execute(() -> serve(connection, behaviour));
            } catch (IOException closed) {
              return;
            }
          }
        });
  }

  /** A plain HTTP receiver on {@code address} (127.0.0.1, or 127.0.0.2 as a "private" host). */
  static FaultyReceiver on(String address, Behaviour behaviour) throws IOException {
    return new FaultyReceiver(new ServerSocket(0, 50, InetAddress.getByName(address)), behaviour);
  }

  /**
   * An HTTPS receiver on 127.0.0.1 with a fresh self-signed certificate for {@code localhost}, made
   * by the JDK's keytool: valid in every way except that no one vouches for it.
   */
  static FaultyReceiver selfSigned(Path dir, Behaviour behaviour) throws Exception {
    Path keystore = dir.resolve("self-signed.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "receiver",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "receiver",
                "-keypass",
                "receiver")
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(in, "receiver".toCharArray());
    }
    KeyManagerFactory managers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(keys, "receiver".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(managers.getKeyManagers(), null, null);
    ServerSocket server = tls.getServerSocketFactory().createServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return new FaultyReceiver(server, behaviour);
  }

  private void serve(Socket connection, Behaviour behaviour) {
    try (connection) {
      connection.setSoTimeout(60_000);
      String path = readRequest(connection.getInputStream());
      if (path == null) {
        return;
      }
      requests.add(new Request(Instant.now(), path));
      behaviour.answer(connection, answered.incrementAndGet());
    } catch (IOException e) {
      // A TLS handshake the hub refused, or the hub giving up on a slow or endless answer.
      connectionFailures.add(e);
    }
  }

  /** Reads one request (head and Content-Length body); returns its path, null at once-closed. */
  private static String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      head.write(b);
      byte[] bytes = head.toByteArray();
      int n = bytes.length;
      if (n >= 4
          && bytes[n - 4] == '\r'
          && bytes[n - 3] == '\n'
          && bytes[n - 2] == '\r'
          && bytes[n - 1] == '\n') {
        break;
      }
    }
    if (head.size() == 0) {
      return null;
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
    return text.split(" ", 3)[1];
  }

  // ---- behaviours ---------------------------------------------------------------------------

  /** Answers with a status, headers and a short body, then closes. */
  static Behaviour status(int status, String... headers) {
    return (connection, n) -> respond(connection, status, headers);
  }

  static void respond(Socket connection, int status, String... headers) throws IOException {
    StringBuilder answer = new StringBuilder("HTTP/1.1 " + status + " Fault\r\n");
    for (String header : headers) {
      answer.append(header).append("\r\n");
    }
    byte[] body = ("{\"status\": " + status + "}").getBytes(StandardCharsets.UTF_8);
    answer.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
    OutputStream out = connection.getOutputStream();
    out.write(answer.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  /** Never answers: waits until the hub gives up and closes the connection. */
  static Behaviour silent() {
    return (connection, n) -> {
      while (connection.getInputStream().read() != -1) {
        // Nothing the hub sends after its request matters.
      }
    };
  }

  /** Promises 1,000 bytes of body, sends 10, then resets the connection (RST, not FIN). */
  static Behaviour resetMidBody() {
    return (connection, n) -> {
      OutputStream out = connection.getOutputStream();
      out.write(
          "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"ok\": tru"
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      connection.setSoLinger(true, 0);
    };
  }

  /** A 200 whose chunked body never ends: writes until the hub stops reading and closes. */
  static Behaviour endlessBody() {
    return (connection, n) -> {
      OutputStream out = connection.getOutputStream();
      out.write(
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
      byte[] chunk =
          ("2000\r\n" + "x".repeat(0x2000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
      while (true) {
        out.write(chunk);
      }
    };
  }

  // ---- what happened ------------------------------------------------------------------------

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Connections that ended in an exception: refused handshakes, the hub hanging up. */
  List<Throwable> connectionFailures() {
    return List.copyOf(connectionFailures);
  }

  int port() {
    return server.getLocalPort();
  }

  String url(String scheme, String host, String path) {
    return scheme + "://" + host + ":" + port() + path;
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
