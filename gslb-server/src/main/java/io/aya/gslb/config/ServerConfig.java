package io.aya.gslb.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a node is configured with, checked once at load. Built by {@link ConfigLoader} from an
 * optional JSON file ({@code --config}) overlaid with command-line flags. Immutable.
 *
 * @param geo MMDB file, or null for none
 * @param networks network map file, or null for none
 * @param clusterHost address the cluster member binds and advertises (default 127.0.0.1)
 * @param clusterMembers other members as host:port; empty for a cluster of one
 * @param adminToken bearer token for mutating admin requests, or null to read/generate one in the state dir
 * @param eventLoops DNS event-loop threads (default: cores)
 * @param udpSockets SO_REUSEPORT UDP sockets (default: event loops)
 * @param coldStart {@code assume-up} or {@code wait-first-round}
 * @param quorum {@code any}, {@code majority} or {@code all}
 * @param probeRedundancy how many members probe each endpoint
 */
public record ServerConfig(
    InetSocketAddress dns,
    InetSocketAddress admin,
    Path zonesDir,
    Path geo,
    Path networks,
    String nodeName,
    String clusterName,
    String clusterHost,
    int clusterPort,
    List<String> clusterMembers,
    Path stateDir,
    String adminToken,
    int eventLoops,
    int udpSockets,
    String coldStart,
    String quorum,
    int probeRedundancy,
    Duration tcpIdleTimeout,
    int maxTcpConnections) {

  public ServerConfig {
    Objects.requireNonNull(dns, "dns");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(zonesDir, "zones");
    Objects.requireNonNull(nodeName, "node");
    Objects.requireNonNull(stateDir, "state-dir");
    clusterMembers = List.copyOf(clusterMembers);
    if (nodeName.isBlank() || !nodeName.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("node: '" + nodeName + "' (expected: letters, digits, '.', '_', '-')");
    }
    if (clusterPort < 0 || clusterPort > 65535) {
      throw new IllegalArgumentException("cluster-port: " + clusterPort + " (expected: 0..65535)");
    }
    if (eventLoops < 1 || eventLoops > 256) {
      throw new IllegalArgumentException("event-loops: " + eventLoops + " (expected: 1..256)");
    }
    if (udpSockets < 1 || udpSockets > 256) {
      throw new IllegalArgumentException("udp-sockets: " + udpSockets + " (expected: 1..256)");
    }
    if (!List.of("assume-up", "wait-first-round").contains(coldStart)) {
      throw new IllegalArgumentException("cold-start: " + coldStart + " (expected: assume-up or wait-first-round)");
    }
    if (!List.of("any", "majority", "all").contains(quorum)) {
      throw new IllegalArgumentException("quorum: " + quorum + " (expected: any, majority or all)");
    }
    if (probeRedundancy < 1) {
      throw new IllegalArgumentException("probe-redundancy: " + probeRedundancy + " (expected: >= 1)");
    }
    if (maxTcpConnections < 1) {
      throw new IllegalArgumentException("max-tcp-connections: " + maxTcpConnections + " (expected: >= 1)");
    }
    for (String m : clusterMembers) {
      HostPort.parse(m, "cluster-members");
    }
  }
}
