package io.aya.gslb.cli;

import io.aya.gslb.config.ConfigLoader;
import io.aya.gslb.config.ServerConfig;
import io.aya.gslb.node.AyaNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aya serve}: runs a node until SIGTERM/SIGINT; SIGHUP reloads zones. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, description = "Serve the zones (DNS + admin API).")
final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Option(names = "--config", paramLabel = "FILE", description = "JSON config file (flags override it)")
  Path config;

  @Option(names = "--zones", paramLabel = "DIR", description = "zones directory (default: zones/)")
  String zones;

  @Option(names = "--dns", paramLabel = "HOST:PORT", description = "DNS listen address (default: 127.0.0.1:5353)")
  String dns;

  @Option(names = "--admin", paramLabel = "HOST:PORT", description = "admin API listen address (default: 127.0.0.1:8053)")
  String admin;

  @Option(names = "--geo", paramLabel = "FILE.mmdb", description = "MaxMind-format database (default: geo-data/sample-city.mmdb)")
  String geo;

  @Option(names = "--networks", paramLabel = "FILE", description = "network map (default: geo-data/networks.txt)")
  String networks;

  @Option(names = "--node", paramLabel = "NAME", description = "this node's name (default: host name)")
  String node;

  @Option(names = "--cluster-members", paramLabel = "HOST:PORT,...", split = ",",
      description = "other cluster members (default: none, a cluster of one)")
  List<String> clusterMembers;

  @Option(names = "--cluster-port", paramLabel = "PORT", description = "cluster port (default: 5701)")
  Integer clusterPort;

  @Option(names = "--cluster-host", paramLabel = "HOST", description = "cluster bind/advertise address (default: 127.0.0.1)")
  String clusterHost;

  @Option(names = "--cluster-name", paramLabel = "NAME", description = "cluster name (default: aya)")
  String clusterName;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "overrides, endpoints seen down, generated token (default: state/)")
  String stateDir;

  @Option(names = "--admin-token-file", paramLabel = "FILE", description = "file holding the admin bearer token")
  String adminTokenFile;

  @Option(names = "--server-id", paramLabel = "TEXT",
      description = "what CH TXT id.server/hostname.bind answer (default: the node name; \"\" to refuse them)")
  String serverId;

  @Option(names = "--cluster-secret-file", paramLabel = "FILE",
      description = "file with the cluster secret (>= 16 bytes) that authenticates shared state; required when a"
          + " cluster member is on another host")
  String clusterSecretFile;

  @Option(names = "--event-loops", paramLabel = "N", description = "DNS event-loop threads (default: cores)")
  Integer eventLoops;

  @Option(names = "--cold-start", paramLabel = "MODE", description = "assume-up (default) or wait-first-round")
  String coldStart;

  @Option(names = "--quorum", paramLabel = "RULE", description = "any, majority (default) or all")
  String quorum;

  @Option(names = "--region", paramLabel = "NAME",
      description = "region this node forwards L4 traffic in (with --forward-address; docs/forwarding.md)")
  String region;

  @Option(names = "--forward-address", paramLabel = "ADDR",
      description = "address this node accepts forwarded traffic on, e.g. a VIP (with --region)")
  String forwardAddress;

  @Option(names = "--rrl-rate", paramLabel = "N",
      description = "UDP responses per second per client network (/24, /56) and answer; 0 = off (default: 200)")
  Integer rrlRate;

  @Option(names = "--log-format", paramLabel = "FORMAT", description = "text (default) or json: one JSON object per line")
  String logFormat;

  @Option(names = "--query-log-sample", paramLabel = "N",
      description = "log one answered query in N (client, ECS subnet, name, type, rcode, region); 0 = off (default)")
  Integer queryLogSample;

  @Option(names = "--placement-forecast", arity = "1", paramLabel = "true|false",
      description = "plan each client network's demand one answer TTL ahead by its trend (default: true)")
  Boolean placementForecast;

  @Override
  public Integer call() throws Exception {
    ConfigLoader.Settings s = new ConfigLoader.Settings();
    s.zones = zones;
    s.dns = dns;
    s.admin = admin;
    s.geo = geo;
    s.networks = networks;
    s.node = node;
    s.clusterMembers = clusterMembers;
    s.clusterPort = clusterPort;
    s.clusterHost = clusterHost;
    s.clusterName = clusterName;
    s.stateDir = stateDir;
    s.adminTokenFile = adminTokenFile;
    s.clusterSecretFile = clusterSecretFile;
    s.serverId = serverId;
    s.region = region;
    s.forwardAddress = forwardAddress;
    s.eventLoops = eventLoops;
    s.coldStart = coldStart;
    s.quorum = quorum;
    s.rrlRate = rrlRate;
    s.logFormat = logFormat;
    s.queryLogSample = queryLogSample;
    s.placementForecast = placementForecast;
    ServerConfig cfg;
    try {
      cfg = ConfigLoader.load(config, s, System::getenv);
    } catch (IllegalArgumentException e) {
      System.err.println("aya serve: " + e.getMessage());
      return 2;
    }
    LogOutput.use(cfg.logging().format());
    AyaNode node;
    try {
      node = AyaNode.start(cfg);
    } catch (AyaNode.StartupException e) {
      System.err.println("aya serve: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("shutting down");
      node.close();
      stopped.countDown();
    }, "aya-shutdown"));
    installReloadSignal(node);
    stopped.await();
    return 0;
  }

  private static void installReloadSignal(AyaNode node) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
        log.info("SIGHUP: reloading zones");
        node.reloadZones();
      });
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      log.debug("SIGHUP not available here: {}", Arrays.toString(e.getStackTrace()));
    }
  }
}
