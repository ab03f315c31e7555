package dev.webhookhub.observe;

import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the hub's database unreachable for a while, for real. H2 (embedded, same JVM) is put in
 * exclusive mode by the test's own connection: the hub's new connections are refused and its
 * statements wait. PostgreSQL is reached through a TCP relay the test owns; the outage cuts every
 * relayed connection and refuses new ones, as a network partition or a stopped server would. The
 * shared test server itself is never touched, so other tests on it carry on.
 */
public abstract class DatabaseOutage implements AutoCloseable {

  public static DatabaseOutage prepare(TestDatabase database, Path dataDir) throws IOException {
    return database instanceof TestDatabase.H2 h2
        ? new H2Exclusive(h2, dataDir)
        : new PostgresRelay(database, dataDir);
  }

  /** Points the hub at the database in a way this outage can interrupt. */
  public abstract TestHub configure(TestHub hub);

  public abstract void begin() throws Exception;

  public abstract void end() throws Exception;

  private static final class H2Exclusive extends DatabaseOutage {
    private final TestDatabase.H2 database;
    private final Path dataDir;
    private Connection exclusive;

    H2Exclusive(TestDatabase.H2 database, Path dataDir) {
      this.database = database;
      this.dataDir = dataDir;
    }

    @Override
    public TestHub configure(TestHub hub) {
      return hub;
    }

    @Override
    public void begin() throws Exception {
      exclusive = database.connect(dataDir);
      try (Statement s = exclusive.createStatement()) {
        s.execute("SET EXCLUSIVE 1");
      }
    }

    @Override
    public void end() throws Exception {
      try (Statement s = exclusive.createStatement()) {
        s.execute("SET EXCLUSIVE 0");
      }
      exclusive.close();
      exclusive = null;
    }

    @Override
    public void close() throws Exception {
      if (exclusive != null) {
        end();
      }
    }
  }

  private static final class PostgresRelay extends DatabaseOutage {
    private static final Pattern HOST_PORT = Pattern.compile("//([^/:]+)(?::(\\d+))?/");

    private final String url;
    private final String relayedUrl;
    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    PostgresRelay(TestDatabase database, Path dataDir) throws IOException {
      this.url = database.settings(dataDir).get("hub.db.url");
      Matcher m = HOST_PORT.matcher(url);
      if (!m.find()) {
        throw new IllegalArgumentException("no host in " + url);
      }
      this.target =
          new InetSocketAddress(
              m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
      this.listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
      this.relayedUrl =
          url.substring(0, m.start())
              + "//127.0.0.1:"
              + listener.getLocalPort()
              + "/"
              + url.substring(m.end());
      Thread acceptor = new Thread(this::accept, "pg-relay");
      acceptor.setDaemon(true);
      acceptor.start();
      URI.create(relayedUrl.substring("jdbc:".length()));
    }

    @Override
    public TestHub configure(TestHub hub) {
      return hub.with("hub.db.url", relayedUrl);
    }

    private void accept() {
      while (!listener.isClosed()) {
        try {
          Socket client = listener.accept();
          if (down) {
            client.close();
            continue;
          }
          Socket server = new Socket(target.getAddress(), target.getPort());
          open.add(client);
          open.add(server);
          pump(client, server);
          pump(server, client);
        } catch (IOException e) {
          // closed, or one connection failed: the pool sees it as the database would fail
        }
      }
    }

    private void pump(Socket from, Socket to) {
      Thread t =
          new Thread(
              () -> {
                try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                  in.transferTo(out);
                } catch (IOException e) {
                  // cut
                } finally {
                  closeQuietly(from);
                  closeQuietly(to);
                }
              },
              "pg-relay-pump");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void begin() {
      down = true;
      open.forEach(DatabaseOutage::closeQuietly);
      open.clear();
    }

    @Override
    public void end() {
      down = false;
    }

    @Override
    public void close() throws IOException {
      listener.close();
      begin();
    }
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
