package io.aya.gslb.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aya.cluster.ClusterSecret;
import io.aya.gslb.dns.DnsConfig;
import io.aya.gslb.health.ColdStart;
import io.aya.gslb.health.Quorum;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
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
      file = readFile(configFile);
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
        new ServerConfig.Health(health(flags, file)),
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

  /** The health and load settings: cold start, quorum and the tuning knobs, each checked with its key's name. */
  private static io.aya.gslb.health.HealthConfig health(Settings flags, Settings file) {
    io.aya.gslb.health.HealthConfig d = io.aya.gslb.health.HealthConfig.defaults();
    int stale = pick(flags.staleIntervals, file.staleIntervals, d.staleIntervals());
    ServerConfig.checkRange("stale-intervals", stale, 2, 100);
    int ttl = pick(flags.loadTtlSeconds, file.loadTtlSeconds, (int) d.loadTtl().toSeconds());
    ServerConfig.checkRange("load-ttl-seconds", ttl, 1, 86_400);
    double smoothing = pick(flags.loadSmoothing, file.loadSmoothing, d.loadSmoothing());
    checkFraction("load-smoothing", smoothing, 1, "(0, 1]");
    double high = pick(flags.highWatermark, file.highWatermark, d.highWatermark());
    checkFraction("high-watermark", high, 10, "(0, 10]");
    double low = pick(flags.lowWatermark, file.lowWatermark, d.lowWatermark());
    checkFraction("low-watermark", low, high, "(0, high-watermark=" + high + "]");
    double minAdmit = pick(flags.minAdmitFraction, file.minAdmitFraction, d.minAdmitFraction());
    checkFraction("min-admit-fraction", minAdmit, 1, "(0, 1]");
    int tick = pick(flags.viewTickSeconds, file.viewTickSeconds, (int) d.viewTick().toSeconds());
    ServerConfig.checkRange("view-tick-seconds", tick, 1, 60);
    int retention = pick(flags.observationRetentionSeconds, file.observationRetentionSeconds,
        (int) d.observationRetention().toSeconds());
    ServerConfig.checkRange("observation-retention-seconds", retention, 60, 7 * 86_400);
    int threads = pick(flags.healthThreads, file.healthThreads, d.ioThreads());
    ServerConfig.checkRange("health-threads", threads, 1, 64);
    return d.withColdStart(coldStart(pick(flags.coldStart, file.coldStart, "assume-up")))
        .withQuorum(quorum(pick(flags.quorum, file.quorum, "majority")))
        .withStaleIntervals(stale)
        .withLoadTtl(Duration.ofSeconds(ttl))
        .withLoadSmoothing(smoothing)
        .withWatermarks(low, high)
        .withMinAdmitFraction(minAdmit)
        .withViewTick(Duration.ofSeconds(tick))
        .withObservationRetention(Duration.ofSeconds(retention))
        .withIoThreads(threads);
  }

  private static void checkFraction(String setting, double value, double max, String range) {
    if (!(value > 0 && value <= max)) {
      throw new IllegalArgumentException(setting + ": " + value + " (expected: " + range + ")");
    }
  }

  /** CH TXT id.server answers the node name unless {@code server-id} gives another text, or "" for none. */
  private static String serverId(String configured, String nodeName) {
    if (configured == null) {
      return nodeName;
    }
    return configured.isEmpty() ? null : configured;
  }

  /** {@code cold-start}: {@code assume-up} or {@code wait-first-round}. */
  private static ColdStart coldStart(String value) {
    for (ColdStart c : ColdStart.values()) {
      if (configName(c).equals(value)) {
        return c;
      }
    }
    throw new IllegalArgumentException("cold-start: " + value + " (expected: assume-up or wait-first-round)");
  }

  /** {@code quorum}: {@code any}, {@code majority} or {@code all}. */
  private static Quorum quorum(String value) {
    for (Quorum q : Quorum.values()) {
      if (configName(q).equals(value)) {
        return q;
      }
    }
    throw new IllegalArgumentException("quorum: " + value + " (expected: any, majority or all)");
  }

  /** How the config file spells an enum constant: lower case, {@code -} for {@code _}. */
  static String configName(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static Settings readFile(Path configFile) {
    ObjectMapper m = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try {
      Settings s = m.readValue(Files.readAllBytes(configFile), Settings.class);
      if (s == null) {
        throw new IllegalArgumentException(configFile + ":1: expected a JSON object of settings");
      }
      return s;
    } catch (UnrecognizedPropertyException e) {
      List<String> known = new ArrayList<>();
      for (Object k : e.getKnownPropertyIds()) {
        known.add(String.valueOf(k));
      }
      known.sort(null);
      throw new IllegalArgumentException(configFile + ":" + line(e) + ": unknown setting '" + e.getPropertyName()
          + "' (expected one of: " + String.join(", ", known) + ")");
    } catch (MismatchedInputException e) {
      String setting = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
      throw new IllegalArgumentException(configFile + ":" + line(e) + ": "
          + (setting == null ? "expected a JSON object of settings"
              : setting + ": " + expected(setting.equals("cluster-members") ? List.class : e.getTargetType())));
    } catch (JsonMappingException e) {
      String setting = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
      throw new IllegalArgumentException(configFile + ":" + line(e) + ": "
          + (setting == null ? "" : setting + ": ") + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(configFile + ":" + line(e) + ": not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException(configFile + ": cannot read: " + IoMessages.reason(e));
    }
  }

  /** What a setting of this Java type takes, in the words of the config file. */
  private static String expected(Class<?> type) {
    if (type == null) {
      return "wrong kind of value";
    }
    if (type == Double.class || type == double.class) {
      return "expected a number";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "expected a whole number";
    }
    if (List.class.isAssignableFrom(type)) {
      return "expected a list of strings, or one string of values separated by commas";
    }
    if (type == String.class) {
      return "expected a string";
    }
    return "wrong kind of value (expected: " + type.getSimpleName() + ")";
  }

  private static int line(JsonProcessingException e) {
    return e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
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
