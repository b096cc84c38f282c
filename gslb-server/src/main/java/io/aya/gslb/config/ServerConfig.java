package io.aya.gslb.config;

import io.aya.cluster.ClusterSecret;
import io.aya.gslb.dns.DnsConfig;
import io.aya.gslb.health.ColdStart;
import io.aya.gslb.health.Quorum;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything a node is configured with: an immutable tree of records, each checked once in its constructor
 * with messages that name the setting as the config file spells it and state the allowed range
 * ({@code "cluster-port: 70000 (expected: 0..65535)"}). Closed sets are enums, parsed once by
 * {@link ConfigLoader}. Built by {@link ConfigLoader} from an optional JSON file ({@code --config}) overlaid
 * with command-line flags.
 *
 * @param dns the DNS listeners ({@code dns}, {@code event-loops}, {@code udp-sockets},
 *     {@code tcp-idle-timeout-seconds}, {@code max-tcp-connections}, {@code rrl-*}), checked by {@link DnsConfig}
 * @param stateDir where the node keeps what must survive a restart (overrides, down verdicts, the admin token)
 * @param forwarding the region this node forwards L4 traffic in and the address it accepts it on
 *     ({@code --region}, {@code --forward-address}), or null when the node does not forward
 * @param serverId what CH TXT {@code id.server.}/{@code hostname.bind.} answer (default: the node name), or null
 *     to REFUSE them ({@code "server-id": ""})
 * @param placement the placement planner's settings ({@code placement-forecast})
 */
public record ServerConfig(DnsConfig dns, Admin admin, Sources sources, Path stateDir, Cluster cluster,
    Health health, Forwarding forwarding, String serverId, Logging logging, Placement placement) {

  /** With the default placement settings. */
  public ServerConfig(DnsConfig dns, Admin admin, Sources sources, Path stateDir, Cluster cluster, Health health,
      Forwarding forwarding, String serverId, Logging logging) {
    this(dns, admin, sources, stateDir, cluster, health, forwarding, serverId, logging, Placement.DEFAULTS);
  }

  /** With the default logging (text, no query log). */
  public ServerConfig(DnsConfig dns, Admin admin, Sources sources, Path stateDir, Cluster cluster, Health health,
      Forwarding forwarding, String serverId) {
    this(dns, admin, sources, stateDir, cluster, health, forwarding, serverId, Logging.DEFAULTS);
  }

  /** How log lines are written ({@code log-format}). */
  public enum LogFormat {
    TEXT,
    JSON
  }

  /**
   * @param format {@code log-format}: {@code text} or {@code json} (one JSON object per line, logstash fields)
   * @param queryLogSample {@code query-log-sample}: log one answered query in this many (per DNS thread), 0 = off
   */
  public record Logging(LogFormat format, int queryLogSample) {
    public static final Logging DEFAULTS = new Logging(LogFormat.TEXT, 0);

    public Logging {
      Objects.requireNonNull(format, "log-format");
      checkRange("query-log-sample", queryLogSample, 0, 1_000_000);
    }
  }

  /**
   * {@code --region NAME --forward-address ADDR}: this node accepts forwarded connections on {@code address}
   * for the pools of {@code region} (docs/forwarding.md), with the forwarder's timeouts and limits
   * ({@code forward-*} in the config file, checked by {@link ConfigLoader} with those names).
   */
  public record Forwarding(String region, java.net.InetAddress address, io.aya.gslb.forward.ForwardSettings settings) {
    /** Consecutive connect failures that eject a member on this node (passive health), by default. */
    public static final int DEFAULT_EJECT_AFTER = 3;

    public Forwarding {
      if (region == null || !NAME.matcher(region).matches()) {
        throw new IllegalArgumentException("region: '" + region
            + "' (expected: a region name, 1..63 letters, digits, '.', '_' or '-')");
      }
      Objects.requireNonNull(address, "forward-address");
      if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
        throw new IllegalArgumentException("forward-address: " + address.getHostAddress()
            + " (expected: a unicast address clients can reach, not a wildcard)");
      }
      Objects.requireNonNull(settings, "settings");
    }
  }


  /** Node and cluster names, as the cluster module accepts them. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  public ServerConfig {
    Objects.requireNonNull(dns, "dns");
    io.aya.gslb.dns.ChaosIdentity.of(serverId); // checks it
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(sources, "sources");
    Objects.requireNonNull(stateDir, "state-dir");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(health, "health");
    io.aya.gslb.dns.ChaosIdentity.of(serverId); // checks it
    Objects.requireNonNull(logging, "logging");
    Objects.requireNonNull(placement, "placement");
  }

  /**
   * The placement planner (docs/placement.md).
   *
   * @param forecast {@code placement-forecast}: plan each network's demand one answer TTL ahead by its trend
   *     (true, the default), or as reported (false)
   */
  public record Placement(boolean forecast) {
    public static final Placement DEFAULTS = new Placement(true);
  }

  /**
   * The admin HTTP API.
   *
   * @param token bearer token for mutating requests, or null to read/generate one in the state directory
   */
  public record Admin(InetSocketAddress address, String token) {
    /** Shortest admin token accepted: a short one can be guessed over the network. */
    public static final int MIN_TOKEN = 16;

    public Admin {
      Objects.requireNonNull(address, "admin");
      if (token != null && (token.isBlank() || !token.equals(token.strip()))) {
        throw new IllegalArgumentException("admin-token: (expected: a non-empty token without surrounding spaces)");
      }
      if (token != null && token.length() < MIN_TOKEN) {
        throw new IllegalArgumentException("admin-token: " + token.length() + " characters (expected: at least "
            + MIN_TOKEN + "; generate one with: openssl rand -hex 24)");
      }
    }
  }

  /**
   * What the node serves from.
   *
   * @param geo MMDB file, or null for none
   * @param networks network map file, or null for none
   */
  public record Sources(Path zones, Path geo, Path networks) {
    public Sources {
      Objects.requireNonNull(zones, "zones");
    }
  }

  /**
   * Cluster membership.
   *
   * @param host address the cluster member binds and advertises (default 127.0.0.1)
   * @param members other members as host:port; empty for a cluster of one
   * @param probeRedundancy how many members probe each endpoint
   * @param secret authenticates every value shared with the other members ({@code --cluster-secret-file});
   *     {@link ClusterSecret#NONE} for none, which the cluster module refuses once a member is on another host
   */
  public record Cluster(String nodeName, String name, String host, int port, List<String> members,
      int probeRedundancy, ClusterSecret secret) {
    public Cluster {
      Objects.requireNonNull(nodeName, "node");
      Objects.requireNonNull(name, "cluster-name");
      Objects.requireNonNull(host, "cluster-host");
      Objects.requireNonNull(secret, "cluster-secret-file");
      members = List.copyOf(members);
      checkName("node", nodeName);
      checkName("cluster-name", name);
      if (host.isBlank()) {
        throw new IllegalArgumentException("cluster-host: '" + host + "' (expected: a host name or address)");
      }
      checkRange("cluster-port", port, 0, 65535);
      // the cluster module's range, named as the config file spells the setting
      checkRange("probe-redundancy", probeRedundancy, 1, io.aya.cluster.ClusterConfig.MAX_PROBE_REDUNDANCY);
      for (String m : members) {
        InetSocketAddress a = HostPort.parseUnresolved(m, "cluster-members");
        if (a.getPort() == 0) {
          throw new IllegalArgumentException("cluster-members: " + m + " (expected: HOST:PORT with port 1..65535)");
        }
      }
    }
  }

  /** How endpoint verdicts are formed ({@code cold-start}, {@code quorum}). */
  /** Health checking and load settings: the whole {@link HealthConfig} (docs/configuration.md names each key). */
  public record Health(io.aya.gslb.health.HealthConfig tuning) {
    public Health {
      Objects.requireNonNull(tuning, "health");
    }

    /** The defaults with this cold start and quorum. */
    public Health(ColdStart coldStart, Quorum quorum) {
      this(io.aya.gslb.health.HealthConfig.defaults().withColdStart(coldStart).withQuorum(quorum));
    }

    public ColdStart coldStart() {
      return tuning.coldStart();
    }

    public Quorum quorum() {
      return tuning.quorum();
    }
  }

  private static void checkName(String setting, String value) {
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(setting + ": '" + value
          + "' (expected: 1..63 letters, digits, '.', '_' or '-', starting with a letter or digit)");
    }
  }

  static void checkRange(String setting, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(setting + ": " + value + " (expected: " + min + ".." + max + ")");
    }
  }
}
