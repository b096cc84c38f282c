package io.aya.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helpers: free loopback ports and cluster configs with the production failure detection (heartbeat
 * 1 s, failure timeout 5 s) and a 1 s split-brain search, so that healed partitions merge quickly.
 */
final class Nodes {
  private Nodes() {}

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes everything at once (a graceful Hazelcast leave takes about a second each). */
  static void closeAll(List<? extends AutoCloseable> all) throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (AutoCloseable c : all) {
      Thread t = new Thread(() -> {
        try {
          c.close();
        } catch (Exception e) {
          failures.add(e);
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }

  static List<String> addresses(int... ports) {
    List<String> out = new ArrayList<>();
    for (int p : ports) {
      out.add("127.0.0.1:" + p);
    }
    return out;
  }

  static ClusterConfig config(String name, int port, List<String> members, int k, Path stateDir) {
    return ClusterConfig.builder(name)
        .clusterName("aya-test")
        .bindHost("127.0.0.1")
        .port(port)
        .members(members)
        .probeRedundancy(k)
        .stateDir(stateDir)
        .heartbeatSeconds(ClusterConfig.DEFAULT_HEARTBEAT_SECONDS)
        .failureTimeoutSeconds(ClusterConfig.DEFAULT_FAILURE_TIMEOUT_SECONDS)
        .mergeIntervalSeconds(1)
        .build();
  }
}
