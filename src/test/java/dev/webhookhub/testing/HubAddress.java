package dev.webhookhub.testing;

/**
 * Where a running hub answers, in-process ({@link TestHub}) or as a separate JVM ({@link
 * HubProcess}), so that the same clients talk to either.
 */
public interface HubAddress {

  /** A URL on the hub's HTTP server (ingest and admin API), e.g. {@code httpUrl("/api/…")}. */
  String httpUrl(String path);

  int brokerPort();

  default String brokerTcpUrl() {
    return "tcp://127.0.0.1:" + brokerPort();
  }
}
