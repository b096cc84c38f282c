package io.aya.gslb.config;

import io.aya.cluster.ClusterSecret;
import io.aya.gslb.dns.DnsConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

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
 * @param clusterSecret authenticates every value shared with the other members ({@code --cluster-secret-file});
 *     {@link ClusterSecret#NONE} for none, which the cluster module refuses once a member is on another host
 * @param forwarding the region this node forwards L4 traffic in and the address it accepts it on
 *     ({@code --region}, {@code --forward-address}), or null when the node does not forward
 * @param serverId what CH TXT {@code id.server.}/{@code hostname.bind.} answer (default: the node name), or null
 *     to REFUSE them ({@code "server-id": ""})
 * @param rrl response rate limiting ({@code rrl-rate}, {@code rrl-slip}, {@code rrl-exempt}; checked by the record)
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
    int maxTcpConnections,
    ClusterSecret clusterSecret,
    Forwarding forwarding,
    String serverId,
    DnsConfig.Rrl rrl) {

  /**
   * {@code --region NAME --forward-address ADDR}: this node accepts forwarded connections on {@code address}
   * for the pools of {@code region} (docs/forwarding.md); {@code ejectAfter} ({@code forward-eject-after} in
   * the config file) consecutive connect failures eject a member locally, 0 turns passive ejection off.
   */
  public record Forwarding(String region, java.net.InetAddress address, int ejectAfter) {
    /** Consecutive connect failures that eject a member on this node (passive health), by default. */
    public static final int DEFAULT_EJECT_AFTER = 3;

    public Forwarding {
      if (ejectAfter < 0 || ejectAfter > 1000) {
        throw new IllegalArgumentException("forward-eject-after: " + ejectAfter + " (expected: 0..1000, 0 = off)");
      }
      if (region == null || !NAME.matcher(region).matches()) {
        throw new IllegalArgumentException("region: '" + region
            + "' (expected: a region name, 1..63 letters, digits, '.', '_' or '-')");
      }
      Objects.requireNonNull(address, "forward-address");
      if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
        throw new IllegalArgumentException("forward-address: " + address.getHostAddress()
            + " (expected: a unicast address clients can reach, not a wildcard)");
      }
    }
  }

  /** Shortest admin token accepted: a short one can be guessed over the network. */
  public static final int MIN_ADMIN_TOKEN = 16;

  /** Node and cluster names, as the cluster module accepts them. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  public ServerConfig {
    Objects.requireNonNull(dns, "dns");
    io.aya.gslb.dns.ChaosIdentity.of(serverId); // checks it
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(zonesDir, "zones");
    Objects.requireNonNull(nodeName, "node");
    Objects.requireNonNull(stateDir, "state-dir");
    Objects.requireNonNull(clusterName, "cluster-name");
    Objects.requireNonNull(clusterHost, "cluster-host");
    Objects.requireNonNull(coldStart, "cold-start");
    Objects.requireNonNull(quorum, "quorum");
    Objects.requireNonNull(tcpIdleTimeout, "tcp-idle-timeout-seconds");
    Objects.requireNonNull(rrl, "rrl");
    Objects.requireNonNull(clusterSecret, "cluster-secret-file");
    clusterMembers = List.copyOf(clusterMembers);
    if (adminToken != null && (adminToken.isBlank() || !adminToken.equals(adminToken.strip()))) {
      throw new IllegalArgumentException("admin-token: (expected: a non-empty token without surrounding spaces)");
    }
    if (adminToken != null && adminToken.length() < MIN_ADMIN_TOKEN) {
      throw new IllegalArgumentException("admin-token: " + adminToken.length() + " characters (expected: at least "
          + MIN_ADMIN_TOKEN + "; generate one with: openssl rand -hex 24)");
    }
    checkName("node", nodeName);
    checkName("cluster-name", clusterName);
    if (clusterHost.isBlank()) {
      throw new IllegalArgumentException("cluster-host: '" + clusterHost + "' (expected: a host name or address)");
    }
    checkRange("cluster-port", clusterPort, 0, 65535);
    checkRange("event-loops", eventLoops, 1, 256);
    checkRange("udp-sockets", udpSockets, 1, 256);
    if (!List.of("assume-up", "wait-first-round").contains(coldStart)) {
      throw new IllegalArgumentException("cold-start: " + coldStart + " (expected: assume-up or wait-first-round)");
    }
    if (!List.of("any", "majority", "all").contains(quorum)) {
      throw new IllegalArgumentException("quorum: " + quorum + " (expected: any, majority or all)");
    }
    checkRange("probe-redundancy", probeRedundancy, 1, 64);
    if (tcpIdleTimeout.compareTo(Duration.ofSeconds(1)) < 0 || tcpIdleTimeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("tcp-idle-timeout-seconds: " + tcpIdleTimeout.toSeconds() + " (expected: 1..3600)");
    }
    checkRange("max-tcp-connections", maxTcpConnections, 1, 1_000_000);
    for (String m : clusterMembers) {
      InetSocketAddress a = HostPort.parseUnresolved(m, "cluster-members");
      if (a.getPort() == 0) {
        throw new IllegalArgumentException("cluster-members: " + m + " (expected: HOST:PORT with port 1..65535)");
      }
    }
  }

  private static void checkName(String setting, String value) {
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(setting + ": '" + value
          + "' (expected: 1..63 letters, digits, '.', '_' or '-', starting with a letter or digit)");
    }
  }

  private static void checkRange(String setting, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(setting + ": " + value + " (expected: " + min + ".." + max + ")");
    }
  }
}
