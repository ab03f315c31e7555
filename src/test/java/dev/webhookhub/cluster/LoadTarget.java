package dev.webhookhub.cluster;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where {@link LoadSenders} sends: hubs numbered 1..{@link #hubs()}, the broker they share and the
 * database that holds their outbox. The cluster check reads it from scripts/local-cluster.sh's
 * directory; the crash suite from the processes it started.
 */
public interface LoadTarget {

  int hubs();

  /** The URL of {@code path} on hub {@code hub} (1-based). */
  String httpUrl(int hub, String path);

  String brokerUrl();

  /** {@code null} for a broker that takes connections without a login (the embedded one). */
  String brokerUser();

  String brokerPassword();

  /** A new connection to the hubs' database, for writing outbox rows and reading records. */
  Connection connectDatabase() throws SQLException;
}
