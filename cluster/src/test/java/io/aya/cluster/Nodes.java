package io.aya.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: free loopback ports and quick cluster configs. */
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
        .heartbeatSeconds(1)
        .failureTimeoutSeconds(4)
        .mergeIntervalSeconds(1)
        .build();
  }
}
