package dev.webhookhub.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where scripts/local-cluster.sh put things: the same ports and names the script computes, and the
 * admin token from its secrets.env.
 */
record ClusterTopology(Path dir, int hubs, String adminToken) implements LoadTarget {

  static ClusterTopology read(Path dir, int hubs) throws IOException {
    Properties secrets = new Properties();
    try (var in = Files.newBufferedReader(dir.resolve("secrets.env"))) {
      secrets.load(in);
    }
    return new ClusterTopology(dir, hubs, secrets.getProperty("HUB_ADMIN_TOKEN"));
  }

  @Override
  public String httpUrl(int hub, String path) {
    return "http://127.0.0.1:" + (18080 + hub) + path;
  }

  Path pidFile(int hub) {
    return dir.resolve("hub-" + hub).resolve("pid");
  }

  @Override
  public String brokerUrl() {
    return "tcp://127.0.0.1:" + System.getenv().getOrDefault("LOCAL_CLUSTER_BROKER_PORT", "61716");
  }

  @Override
  public String brokerUser() {
    return "hub";
  }

  @Override
  public String brokerPassword() {
    return "hub";
  }

  String dbUrl() {
    return "jdbc:postgresql://127.0.0.1:5432/hub_cluster";
  }

  String dbUser() {
    return "hub";
  }

  String dbPassword() {
    return "hub";
  }

  @Override
  public Connection connectDatabase() throws SQLException {
    return DriverManager.getConnection(dbUrl(), dbUser(), dbPassword());
  }
}
