package io.aya.gslb.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aya.cluster.ClusterSecret;
import io.aya.cluster.IoMessages;
import io.aya.gslb.dns.DnsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds a {@link ServerConfig}: defaults, then the JSON config file, then command-line flags (flags win).
 * Relative paths in flags resolve against the working directory, in the config file against the file's
 * directory; defaults live under the AYA home (the launcher's directory, {@code -Daya.home}). Not thread-safe; use once.
 * The file is read by {@link ConfigFile}; the health and forwarding settings are picked by {@link HealthSettings}
 * and {@link ForwardingSettings}.
 */
public final class ConfigLoader {
  /** The settings as written in a config file or given as flags; null means "not set here". */
  public static final class Settings {
    public String dns;
    public String admin;
    public String zones;
    public String geo;
    public String networks;
    public String node;
    @JsonProperty("cluster-name") public String clusterName;
    @JsonProperty("cluster-host") public String clusterHost;
    @JsonProperty("cluster-port") public Integer clusterPort;
    /** A JSON list of {@code host:port}, or one string of them separated by commas. */
    @JsonProperty("cluster-members")
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    public List<String> clusterMembers;
    @JsonProperty("state-dir") public String stateDir;
    @JsonProperty("admin-token-file") public String adminTokenFile;
    @JsonProperty("cluster-secret-file") public String clusterSecretFile;
    @JsonProperty("server-id") public String serverId;
    public String region;
    @JsonProperty("forward-address") public String forwardAddress;
    @JsonProperty("forward-eject-after") public Integer forwardEjectAfter;
    @JsonProperty("forward-eject-retry-seconds") public Integer forwardEjectRetrySeconds;
    @JsonProperty("forward-connect-timeout-ms") public Integer forwardConnectTimeoutMs;
    @JsonProperty("forward-idle-timeout-seconds") public Integer forwardIdleTimeoutSeconds;
    @JsonProperty("forward-drain-timeout-seconds") public Integer forwardDrainTimeoutSeconds;
    @JsonProperty("forward-max-connections") public Integer forwardMaxConnections;
    @JsonProperty("forward-udp-idle-timeout-seconds") public Integer forwardUdpIdleTimeoutSeconds;
    @JsonProperty("forward-max-udp-flows") public Integer forwardMaxUdpFlows;
    @JsonProperty("event-loops") public Integer eventLoops;
    @JsonProperty("udp-sockets") public Integer udpSockets;
    @JsonProperty("cold-start") public String coldStart;
    public String quorum;
    @JsonProperty("probe-redundancy") public Integer probeRedundancy;
    @JsonProperty("tcp-idle-timeout-seconds") public Integer tcpIdleTimeoutSeconds;
    @JsonProperty("max-tcp-connections") public Integer maxTcpConnections;
    @JsonProperty("max-tcp-per-network") public Integer maxTcpPerNetwork;
    @JsonProperty("tcp-frame-timeout-seconds") public Integer tcpFrameTimeoutSeconds;
    @JsonProperty("rrl-rate") public Integer rrlRate;
    @JsonProperty("rrl-slip") public Integer rrlSlip;
    @JsonProperty("rrl-exempt") public List<String> rrlExempt;
    @JsonProperty("stale-intervals") public Integer staleIntervals;
    @JsonProperty("load-ttl-seconds") public Integer loadTtlSeconds;
    @JsonProperty("load-smoothing") public Double loadSmoothing;
    @JsonProperty("low-watermark") public Double lowWatermark;
    @JsonProperty("high-watermark") public Double highWatermark;
    @JsonProperty("min-admit-fraction") public Double minAdmitFraction;
    @JsonProperty("view-tick-seconds") public Integer viewTickSeconds;
    @JsonProperty("observation-retention-seconds") public Integer observationRetentionSeconds;
    @JsonProperty("health-threads") public Integer healthThreads;
    @JsonProperty("log-format") public String logFormat;
    @JsonProperty("query-log-sample") public Integer queryLogSample;
    @JsonProperty("placement-forecast") public Boolean placementForecast;
  }

  private ConfigLoader() {}

  /** The AYA home: {@code -Daya.home}, else the working directory. */
  public static Path home() {
    String h = System.getProperty("aya.home");
    return Path.of(h == null || h.isBlank() ? "." : h).toAbsolutePath().normalize();
  }

  /**
   * @param configFile JSON file, or null
   * @param flags settings from the command line (null fields = not given)
   * @param env environment lookup for {@code AYA_ADMIN_TOKEN}
   * @throws IllegalArgumentException with a message naming the setting or {@code file: message}
   */
  public static ServerConfig load(Path configFile, Settings flags, java.util.function.Function<String, String> env) {
    Path home = home();
    Path cwd = Path.of("").toAbsolutePath();
    Settings file = new Settings();
    Path fileDir = home;
    if (configFile != null) {
      file = ConfigFile.read(configFile);
      fileDir = configFile.toAbsolutePath().getParent();
    }
    String dns = pick(flags.dns, file.dns, "127.0.0.1:5353");
    String admin = pick(flags.admin, file.admin, "127.0.0.1:8053");
    Path zones = path(flags.zones, cwd, file.zones, fileDir, home.resolve("zones"));
    Path geo = path(flags.geo, cwd, file.geo, fileDir, existing(home.resolve("geo-data/sample-city.mmdb")));
    Path networks = path(flags.networks, cwd, file.networks, fileDir, existing(home.resolve("geo-data/networks.txt")));
    Path state = path(flags.stateDir, cwd, file.stateDir, fileDir, home.resolve("state"));
    Path tokenFile = path(flags.adminTokenFile, cwd, file.adminTokenFile, fileDir, null);
    Path secretFile = path(flags.clusterSecretFile, cwd, file.clusterSecretFile, fileDir, null);
    int cores = Runtime.getRuntime().availableProcessors();
    int loops = pick(flags.eventLoops, file.eventLoops, cores);
    String token = env.apply("AYA_ADMIN_TOKEN");
    if (tokenFile != null) {
      token = readToken(tokenFile);
    }
    List<String> members = flags.clusterMembers != null ? flags.clusterMembers
        : file.clusterMembers != null ? file.clusterMembers : List.of();
    List<String> cleaned = new ArrayList<>();
    for (String entry : members) {
      for (String m : entry.split(",")) {
        if (!m.isBlank()) {
          cleaned.add(m.trim());
        }
      }
    }
    // ranges are checked once, by DnsConfig, with the settings' names
    int idleSeconds = pick(flags.tcpIdleTimeoutSeconds, file.tcpIdleTimeoutSeconds, 10);
    int frameSeconds = pick(flags.tcpFrameTimeoutSeconds, file.tcpFrameTimeoutSeconds, 2);
    DnsConfig dnsConfig = DnsConfig.defaults(HostPort.parse(dns, "dns"))
        .withEventLoops(loops)
        .withUdpSockets(pick(flags.udpSockets, file.udpSockets, loops))
        .withTcpIdleTimeout(Duration.ofSeconds(idleSeconds))
        .withMaxTcpConnections(pick(flags.maxTcpConnections, file.maxTcpConnections, 1024))
        .withMaxTcpPerNetwork(pick(flags.maxTcpPerNetwork, file.maxTcpPerNetwork, 256))
        .withTcpFrameTimeout(Duration.ofSeconds(frameSeconds))
        .withRrl(new DnsConfig.Rrl(
            pick(flags.rrlRate, file.rrlRate, DnsConfig.Rrl.DEFAULT_RATE),
            pick(flags.rrlSlip, file.rrlSlip, DnsConfig.Rrl.DEFAULTS.slip()),
            pick(flags.rrlExempt, file.rrlExempt, DnsConfig.Rrl.DEFAULT_EXEMPT)));
    String nodeName = flags.node != null ? flags.node : file.node != null ? file.node : defaultNodeName();
    return new ServerConfig(
        dnsConfig,
        new ServerConfig.Admin(HostPort.parse(admin, "admin"), token == null || token.isBlank() ? null : token.trim()),
        new ServerConfig.Sources(zones, geo, networks),
        state,
        new ServerConfig.Cluster(
            nodeName,
            pick(flags.clusterName, file.clusterName, "aya"),
            pick(flags.clusterHost, file.clusterHost, "127.0.0.1"),
            pick(flags.clusterPort, file.clusterPort, 5701),
            cleaned,
            pick(flags.probeRedundancy, file.probeRedundancy, 2),
            secretFile == null ? ClusterSecret.NONE : readSecret(secretFile)),
        new ServerConfig.Health(HealthSettings.of(flags, file)),
        forwarding(pick(flags.region, file.region, null), pick(flags.forwardAddress, file.forwardAddress, null),
            ForwardingSettings.of(flags, file)),
        serverId(pick(flags.serverId, file.serverId, null), nodeName),
        new ServerConfig.Logging(logFormat(pick(flags.logFormat, file.logFormat, "text")),
            pick(flags.queryLogSample, file.queryLogSample, 0)),
        new ServerConfig.Placement(pick(flags.placementForecast, file.placementForecast, true)));
  }

  /** {@code log-format}: {@code text} or {@code json}. */
  private static ServerConfig.LogFormat logFormat(String value) {
    for (ServerConfig.LogFormat f : ServerConfig.LogFormat.values()) {
      if (configName(f).equals(value)) {
        return f;
      }
    }
    throw new IllegalArgumentException("log-format: " + value + " (expected: text or json)");
  }

  /** CH TXT id.server answers the node name unless {@code server-id} gives another text, or "" for none. */
  private static String serverId(String configured, String nodeName) {
    if (configured == null) {
      return nodeName;
    }
    return configured.isEmpty() ? null : configured;
  }

  /** How the config file spells an enum constant: lower case, {@code -} for {@code _}. */
  static String configName(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String readToken(Path file) {
    String t;
    try {
      t = Files.readString(file).trim();
    } catch (IOException e) {
      throw new IllegalArgumentException("admin-token-file: cannot read " + file + ": " + IoMessages.reason(e));
    }
    if (t.isEmpty()) {
      throw new IllegalArgumentException("admin-token-file: " + file + " is empty (expected: the token)");
    }
    return t;
  }

  /** {@code region} and {@code forward-address} go together; the address is a literal (never resolved). */
  private static ServerConfig.Forwarding forwarding(
      String region, String address, io.aya.gslb.forward.ForwardSettings settings) {
    if (region == null && address == null) {
      return null;
    }
    if (region == null || address == null) {
      throw new IllegalArgumentException((region == null ? "forward-address" : "region")
          + ": set without " + (region == null ? "region" : "forward-address")
          + " (expected: both --region NAME and --forward-address ADDR, or neither)");
    }
    try {
      return new ServerConfig.Forwarding(region, org.xbill.DNS.Address.getByAddress(address.trim()), settings);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("forward-address: " + address + " (expected: an IPv4 or IPv6 address)");
    }
  }

  private static ClusterSecret readSecret(Path file) {
    try {
      return ClusterSecret.of(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cluster-secret-file: cannot read " + file + " ("
          + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()) + ")");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cluster-secret-file: " + file + ": " + e.getMessage());
    }
  }

  static <T> T pick(T flag, T file, T dflt) {
    return flag != null ? flag : file != null ? file : dflt;
  }

  private static Path path(String flag, Path flagBase, String file, Path fileBase, Path dflt) {
    if (flag != null) {
      return flag.isEmpty() ? null : flagBase.resolve(flag).normalize();
    }
    if (file != null) {
      return file.isEmpty() ? null : fileBase.resolve(file).normalize();
    }
    return dflt;
  }

  private static Path existing(Path p) {
    return Files.exists(p) ? p : null;
  }

  /** The host name, cut to what a node name allows, else "aya". */
  static String defaultNodeName() {
    String h;
    try {
      h = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "aya";
    }
    String n = h.replaceAll("[^A-Za-z0-9._-]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
    if (n.length() > 63) {
      n = n.substring(0, 63);
    }
    return n.isEmpty() ? "aya" : n;
  }
}
