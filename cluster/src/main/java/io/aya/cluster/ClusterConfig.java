package io.aya.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a node joins the AYA cluster. Immutable; every value is checked in the constructor.
 *
 * @param nodeName this node's name, unique in the cluster ({@code [A-Za-z0-9][A-Za-z0-9._-]{0,62}}); it
 *     names the node's observations and decides which endpoints it probes
 * @param clusterName members only join a cluster of the same name (same pattern as node names)
 * @param bindHost address the cluster port listens on and that other members reach this node at (so not a
 *     wildcard such as {@code 0.0.0.0})
 * @param port cluster TCP port, {@code 0..65535}; {@code 0} picks a free port (tests)
 * @param members the other members as {@code host:port} ({@code [v6addr]:port} for IPv6); this node's
 *     own address may be listed too, so every node can share one list
 * @param probeRedundancy how many live members probe each endpoint ({@code k}), {@code 1..64}
 * @param stateDir directory for {@code overrides.json}; {@code null} keeps overrides in memory only
 * @param heartbeatSeconds how often members heartbeat each other, {@code 1..60}
 * @param failureTimeoutSeconds a member silent this long is dropped, {@code 2..300} and at least twice the
 *     heartbeat interval
 * @param mergeIntervalSeconds how often a node looks for the other side of a healed partition among the
 *     configured members, {@code 1..600}
 * @param secret authenticates every shared value ({@link ClusterSecret}); required (not
 *     {@link ClusterSecret#NONE}) as soon as a member is listed on a host other than loopback
 * @param maxClockSkewSeconds values stamped further ahead of this node's clock are refused, {@code 1..3600}
 * @param region the region this node forwards L4 traffic in, or null (advertised to the other members)
 * @param forwardAddress the address it accepts forwarded traffic on, or null; set together with the region
 */
public record ClusterConfig(
    String nodeName,
    String clusterName,
    String bindHost,
    int port,
    List<String> members,
    int probeRedundancy,
    Path stateDir,
    int heartbeatSeconds,
    int failureTimeoutSeconds,
    int mergeIntervalSeconds,
    ClusterSecret secret,
    int maxClockSkewSeconds,
    String region,
    String forwardAddress) {

  public static final String DEFAULT_CLUSTER_NAME = "aya";
  public static final String DEFAULT_BIND_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5701;
  public static final int DEFAULT_PROBE_REDUNDANCY = 2;
  /** The most members that probe one endpoint ({@code probeRedundancy}: 1..64). */
  public static final int MAX_PROBE_REDUNDANCY = 64;
  public static final int DEFAULT_HEARTBEAT_SECONDS = 1;
  public static final int DEFAULT_FAILURE_TIMEOUT_SECONDS = 5;
  public static final int DEFAULT_MERGE_INTERVAL_SECONDS = 10;
  public static final int DEFAULT_MAX_CLOCK_SKEW_SECONDS = 30;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern WILDCARD = Pattern.compile("0\\.0\\.0\\.0|\\[?::0?]?|\\[?0(:0){7}]?");
  private static final Pattern MEMBER = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^:\\[\\]\\s]+):(\\d{1,5})");

  public ClusterConfig {
    checkName("nodeName", nodeName);
    checkName("clusterName", clusterName);
    if (bindHost == null || bindHost.isBlank() || WILDCARD.matcher(bindHost).matches()) {
      throw new IllegalArgumentException("bindHost: '" + bindHost
          + "' (expected: a host name or address that the other members can reach, not a wildcard)");
    }
    checkRange("port", port, 0, 65535);
    Objects.requireNonNull(members, "members");
    for (String m : members) {
      var matcher = m == null ? null : MEMBER.matcher(m);
      if (matcher == null || !matcher.matches() || Integer.parseInt(matcher.group(2)) < 1
          || Integer.parseInt(matcher.group(2)) > 65535) {
        throw new IllegalArgumentException("members: '" + m + "' (expected: host:port with port 1..65535)");
      }
    }
    members = List.copyOf(members);
    checkRange("probeRedundancy", probeRedundancy, 1, MAX_PROBE_REDUNDANCY);
    checkRange("heartbeatSeconds", heartbeatSeconds, 1, 60);
    checkRange("failureTimeoutSeconds", failureTimeoutSeconds, 2, 300);
    if (failureTimeoutSeconds < 2 * heartbeatSeconds) {
      throw new IllegalArgumentException("failureTimeoutSeconds: " + failureTimeoutSeconds
          + " (expected: >= 2 * heartbeatSeconds = " + 2 * heartbeatSeconds + ")");
    }
    checkRange("mergeIntervalSeconds", mergeIntervalSeconds, 1, 600);
    Objects.requireNonNull(secret, "secret");
    checkRange("maxClockSkewSeconds", maxClockSkewSeconds, 1, 3600);
    if (!secret.enabled()) {
      for (String m : members) {
        if (!isLoopback(m.substring(0, m.lastIndexOf(':')))) {
          throw new IllegalArgumentException("cluster secret: required because member " + m
              + " is on another host (expected: a secret file of at least " + ClusterSecret.MIN_BYTES
              + " bytes shared by every node, see docs/clustering.md)");
        }
      }
    }
    if ((region == null) != (forwardAddress == null)) {
      throw new IllegalArgumentException("region and forwardAddress: " + region + ", " + forwardAddress
          + " (expected: both set or neither)");
    }
    if (region != null) {
      checkName("region", region);
      if (forwardAddress.isBlank()) {
        throw new IllegalArgumentException("forwardAddress: '' (expected: an address)");
      }
    }
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }

  /** A builder with every default set; only the node name is required. */
  public static Builder builder(String nodeName) {
    return new Builder(nodeName);
  }

  private static void checkName(String field, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + ": '" + value + "' (expected: [A-Za-z0-9][A-Za-z0-9._-]{0,62})");
    }
  }

  private static void checkRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(field + ": " + value + " (expected: " + min + ".." + max + ")");
    }
  }

  /** Builds a {@link ClusterConfig}; values are checked by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final String nodeName;
    private String clusterName = DEFAULT_CLUSTER_NAME;
    private String bindHost = DEFAULT_BIND_HOST;
    private int port = DEFAULT_PORT;
    private final List<String> members = new ArrayList<>();
    private int probeRedundancy = DEFAULT_PROBE_REDUNDANCY;
    private Path stateDir;
    private int heartbeatSeconds = DEFAULT_HEARTBEAT_SECONDS;
    private int failureTimeoutSeconds = DEFAULT_FAILURE_TIMEOUT_SECONDS;
    private int mergeIntervalSeconds = DEFAULT_MERGE_INTERVAL_SECONDS;
    private ClusterSecret secret = ClusterSecret.NONE;
    private int maxClockSkewSeconds = DEFAULT_MAX_CLOCK_SKEW_SECONDS;
    private String region;
    private String forwardAddress;

    private Builder(String nodeName) {
      this.nodeName = nodeName;
    }

    public Builder clusterName(String clusterName) {
      this.clusterName = clusterName;
      return this;
    }

    public Builder bindHost(String bindHost) {
      this.bindHost = bindHost;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Replaces the member list. */
    public Builder members(List<String> members) {
      this.members.clear();
      this.members.addAll(members);
      return this;
    }

    public Builder probeRedundancy(int k) {
      this.probeRedundancy = k;
      return this;
    }

    public Builder stateDir(Path stateDir) {
      this.stateDir = stateDir;
      return this;
    }

    public Builder heartbeatSeconds(int seconds) {
      this.heartbeatSeconds = seconds;
      return this;
    }

    public Builder failureTimeoutSeconds(int seconds) {
      this.failureTimeoutSeconds = seconds;
      return this;
    }

    public Builder mergeIntervalSeconds(int seconds) {
      this.mergeIntervalSeconds = seconds;
      return this;
    }

    public Builder secret(ClusterSecret secret) {
      this.secret = secret;
      return this;
    }

    public Builder maxClockSkewSeconds(int seconds) {
      this.maxClockSkewSeconds = seconds;
      return this;
    }

    /** The region and L4 forward address this node advertises (both null: it does not forward). */
    public Builder forwarding(String region, String forwardAddress) {
      this.region = region;
      this.forwardAddress = forwardAddress;
      return this;
    }

    public ClusterConfig build() {
      return new ClusterConfig(nodeName, clusterName, bindHost, port, members, probeRedundancy, stateDir,
          heartbeatSeconds, failureTimeoutSeconds, mergeIntervalSeconds, secret, maxClockSkewSeconds, region,
          forwardAddress);
    }
  }
}
