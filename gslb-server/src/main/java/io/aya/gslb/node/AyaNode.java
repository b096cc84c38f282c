package io.aya.gslb.node;

import io.aya.cluster.ClusterConfig;
import io.aya.cluster.ClusterNode;
import io.aya.gslb.admin.AdminApi;
import io.aya.gslb.admin.AdminServer;
import io.aya.gslb.config.HostPort;
import io.aya.gslb.config.ServerConfig;
import io.aya.gslb.dns.ChaosIdentity;
import io.aya.gslb.dns.DnsServer;
import io.aya.gslb.dns.QueryLog;
import io.aya.gslb.forward.Forwarder;
import io.aya.gslb.geo.GeoDataException;
import io.aya.gslb.geo.GeoLocators;
import io.aya.gslb.geo.ReloadableGeoLocator;
import io.aya.gslb.health.HealthConfig;
import io.aya.gslb.health.HealthService;
import io.aya.gslb.placement.AnswerCounter;
import io.aya.gslb.placement.PlacementParams;
import io.aya.gslb.placement.PlacementService;
import io.aya.gslb.placement.RttTable;
import io.aya.gslb.policy.PolicyEngine;
import io.aya.gslb.xfr.ZoneTransferService;
import io.aya.gslb.zone.ReloadResult;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneRepository;
import io.aya.gslb.zone.ZoneSet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running AYA node: zones, geo data, cluster membership, health checks, the policy engine, the DNS
 * listeners and the admin API, started in that order and closed in reverse.
 *
 * <p>Zone reloads (admin API, SIGHUP) publish a new {@link ZoneSet}; the health service and the policy
 * engine follow it through repository listeners, and the DNS engine reads the repository's current set per
 * query. A zone that fails to load keeps its previous version.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class AyaNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AyaNode.class);
  /** One per JVM (one heap): collects after a big zone set is published, once the reload has returned. */
  private static final io.aya.gslb.zone.HeapRelease HEAP_RELEASE = io.aya.gslb.zone.HeapRelease.jvm();

  private final ServerConfig config;
  private final PrometheusMeterRegistry meters;
  private final ZoneRepository zones;
  private final ReloadableGeoLocator geo;
  private final ClusterNode cluster;
  private final HealthService health;
  private final PolicyEngine policy;
  private final ZoneTransferService transfers;
  private final DnsServer dns;
  private final AdminServer admin;
  private final String adminToken;
  private final Deque<AutoCloseable> closeables;
  private boolean closed;

  private AyaNode(Builder b) {
    this.config = b.config;
    this.meters = b.meters;
    this.zones = b.zones;
    this.geo = b.geo;
    this.cluster = b.cluster;
    this.health = b.health;
    this.policy = b.policy;
    this.transfers = b.transfers;
    this.dns = b.dns;
    this.admin = b.admin;
    this.adminToken = b.token;
    this.closeables = b.closeables;
  }

  /**
   * Starts a node. Nothing is left running when this throws.
   *
   * @throws StartupException naming what failed: zone files ({@code file:line: message} per problem), geo data,
   *     a port that cannot be bound, an unreadable state directory
   */
  public static AyaNode start(ServerConfig config) throws StartupException {
    return start(config, java.time.Clock.systemUTC());
  }

  /**
   * As {@link #start(ServerConfig)}, with the clock that the node's time-based rules read (consistency grace,
   * RTT ageing, placement freshness, signature times): tests move it instead of waiting.
   */
  static AyaNode start(ServerConfig config, java.time.Clock clock) throws StartupException {
    Objects.requireNonNull(config, "config");
    Builder b = new Builder(config, clock);
    try {
      b.build();
    } catch (StartupException | RuntimeException | Error e) {
      b.closeAll();
      throw e;
    } catch (Exception e) {
      // a checked exception thrown sneakily (Netty rethrows bind errors that way): still close what started
      b.closeAll();
      throw new StartupException("startup failed: " + e, e);
    }
    AyaNode node = new AyaNode(b);
    log.info("AYA node {} serving {} zone(s) on {} (udp+tcp), admin API on http://{}, cluster {} at {} with {} member(s)",
        config.cluster().nodeName(), node.zones.current().zones().size(), fmt(node.dns.localAddress()), fmt(node.admin.localAddress()),
        config.cluster().name(), node.cluster.address(), node.cluster.memberCount());
    return node;
  }

  /** Re-reads the zone files (and the geo data when its files changed); failing zones keep their previous version. */
  public ReloadResult reloadZones() {
    transfers.reloadKeys();
    return reload(zones, geo, meters);
  }

  /** Reloads and counts the outcome in {@code aya.zone.reloads{result=success|failure}}. */
  static ReloadResult reload(ZoneRepository zones, ReloadableGeoLocator geo, MeterRegistry meters) {
    ReloadResult r = zones.reload();
    Counter.builder("aya.zone.reloads").tag("result", r.ok() ? "success" : "failure")
        .description("zone reloads (admin API, SIGHUP, cluster-wide); failure: a file was refused, its old version serves")
        .register(meters).increment();
    for (ReloadResult.FileOutcome f : r.files()) {
      if (f.status() == ReloadResult.Status.FAILED) {
        for (String e : f.errors()) {
          log.warn("zone reload: {}", e);
        }
      }
    }
    log.info("zones reloaded: {} zone(s), changed={}, ok={}", r.zones().zones().size(), r.changed(), r.ok());
    try {
      if (geo.reloadIfChanged()) {
        log.info("geo data reloaded: {} ({} networks)", geo.database(), geo.networkCount());
      }
    } catch (IOException e) {
      log.warn("geo data reload failed, keeping the previous data: {}", e.getMessage());
    }
    if (r.changed()) {
      HEAP_RELEASE.accept(r.zones());
    }
    return r;
  }

  public ServerConfig config() {
    return config;
  }

  /** The bound DNS address (UDP and TCP). */
  public InetSocketAddress dnsAddress() {
    return dns.localAddress();
  }

  /** The bound admin HTTP address. */
  public InetSocketAddress adminAddress() {
    return admin.localAddress();
  }

  /** The admin bearer token in force. */
  public String adminToken() {
    return adminToken;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    closeQuietly(closeables);
    log.info("AYA node {} stopped", config.cluster().nodeName());
  }

  private static void closeQuietly(Deque<AutoCloseable> closeables) {
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("closing {}: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /** In seconds; NaN until a change from another member has arrived (the cluster reports -1). */
  private static double propagationDelay(ClusterNode c) {
    long d = c.lastPropagationDelayMillis();
    return d < 0 ? Double.NaN : d / 1000.0;
  }

  private static String fmt(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /** Why a node could not start, in words for the operator. */
  public static final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
      super(message);
    }

    public StartupException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Starts the parts in order, remembering each to close it in reverse. */
  private static final class Builder {
    final ServerConfig config;
    final java.time.Clock clock;
    final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    PrometheusMeterRegistry meters;
    ZoneRepository zones;
    ReloadableGeoLocator geo;
    ClusterNode cluster;
    HealthService health;
    PolicyEngine policy;
    PlacementService placement;
    RttTable rtt;
    ZoneTransferService transfers;
    io.aya.gslb.dnssec.DnssecService dnssec;
    DnsServer dns;
    AdminServer admin;
    String token;
    Forwarder forwarder;

    Builder(ServerConfig config, java.time.Clock clock) {
      this.config = config;
      this.clock = clock;
    }

    void build() throws StartupException {
      meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      meters.config().commonTags("node", config.cluster().nodeName());
      MeterNames.apply(meters);
      PrometheusMeterRegistry m = meters;
      closeables.push(m::close);
      new JvmMemoryMetrics().bindTo(meters);
      JvmGcMetrics gc = new JvmGcMetrics();
      gc.bindTo(meters);
      closeables.push(gc);
      new JvmThreadMetrics().bindTo(meters);
      new ProcessorMetrics().bindTo(meters);
      new UptimeMetrics().bindTo(meters);

      StateDirectory.checkWritable(config.stateDir());
      loadZones();
      loadGeo();
      ListenPorts.Held ports = ListenPorts.hold(config);
      closeables.push(ports);
      resolveToken();
      startCluster();

      HealthConfig hc = config.health().tuning();
      health = new HealthService(cluster, hc, meters, config.stateDir());
      closeables.push(health);
      policy = new PolicyEngine(geo, health);
      policy.observe(new io.aya.gslb.policy.AnswerMeters(meters));
      // Health first: a reload starts checks for new endpoints before the engine compiles names using them.
      health.onZones(zones.current());
      policy.prepare(zones.current());
      zones.addListener(health::onZones);
      zones.addListener(policy::prepare);
      startPlacement();
      registerZoneMetrics();
      startForwarding();

      startTransfers();
      HEAP_RELEASE.accept(zones.current()); // what reading a big zone set took goes back to the system
      ports.releaseDns();
      try {
        int sample = config.logging().queryLogSample();
        dns = DnsServer.start(config.dns(), zones, transfers.transfers(), policy, meters,
            ChaosIdentity.of(config.serverId()), dnssec, sample == 0 ? null : new QueryLog(sample));
      } catch (UncheckedIOException e) {
        throw new StartupException("dns: cannot listen on " + HostPort.format(config.dns().listen()) + ": " + rootMessage(e), e);
      }
      closeables.push(dns);

      NodeOperations ops = new NodeOperations(config, zones, cluster, health, policy, meters, () -> {
        transfers.reloadKeys();
        return reload(zones, geo, meters);
      }, clock);
      ops.forwarder(forwarder);
      ops.placement(rtt, placement);
      ops.dnssec(dnssec);
      startConsistency(ops);
      ops.dns(dns);
      ports.releaseAdmin();
      try {
        admin = AdminServer.start(config.admin().address(), new AdminApi(ops), token);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StartupException("admin: interrupted while binding " + HostPort.format(config.admin().address()), e);
      } catch (RuntimeException e) {
        throw new StartupException("admin: cannot listen on " + HostPort.format(config.admin().address()) + ": " + rootMessage(e), e);
      }
      closeables.push(admin);
    }

    /** Member zone serials and admin tokens compared across the cluster; the cluster-wide reload. */
    private void startConsistency(NodeOperations ops) {
      ClusterConsistency consistency = new ClusterConsistency(cluster,
          AdminToken.fingerprint(token, config.cluster().secret()), meters, clock);
      closeables.push(consistency);
      consistency.onZones(zones.current());
      zones.addListener(consistency::onZones);
      ZoneRepository z = zones;
      ops.cluster(new ClusterReload(cluster, ops::reloadZones, z::current), consistency);
    }

    /** The placement planner (docs/placement.md): plans on changes of the shared state and every 5 s. */
    private void startPlacement() {
      AnswerCounter counter = new AnswerCounter();
      rtt = new RttTable(clock);
      placement = new PlacementService(health::snapshot, cluster, geo, counter, rtt, PlacementParams.DEFAULTS,
          java.time.Duration.ofSeconds(5), config.placement().forecast(), clock);
      closeables.push(placement);
      policy.usePlacement(placement, counter);
      placement.onZones(zones.current());
      zones.addListener(placement::onZones);
      cluster.addListener(placement::requestPlan);
    }

    /**
     * Forwarded names answer the forward addresses of live nodes (every node, forwarding or not, follows the
     * membership); a node with {@code --region} also runs the L4 forwarder.
     */
    private void startForwarding() {
      PolicyEngine p = policy;
      ClusterNode c = cluster;
      Runnable publish = () -> {
        io.aya.gslb.policy.ForwardNodes next = ForwardDirectory.of(c.members());
        if (!next.equals(p.forwardNodes())) {
          p.forwardNodes(next);
          log.info("forwarding nodes by region: {}", next);
        }
      };
      publish.run();
      cluster.addListener(publish);
      ServerConfig.Forwarding fw = config.forwarding();
      if (fw == null) {
        return;
      }
      forwarder = new Forwarder(config.cluster().nodeName(), fw.region(), fw.address(), fw.settings(), health,
          p::regionOrder, meters, config.dns().eventLoops());
      closeables.push(forwarder);
      forwarder.onZones(zones.current());
      zones.addListener(forwarder::onZones);
    }

    private void loadZones() throws StartupException {
      Path zonesDir = config.sources().zones();
      if (!Files.isDirectory(zonesDir)) {
        throw new StartupException("zones: " + zonesDir
            + (Files.exists(zonesDir) ? " is not a directory" : " does not exist")
            + " (expected: a directory of *.zone files; set --zones DIR)");
      }
      zones = new ZoneRepository(config.sources().zones());
      zones.serialMemory(io.aya.gslb.zone.SerialMemory.open(config.stateDir().resolve("zone-serials.json")));
      // $DNSSEC zones are signed before they are published, and re-signed before their signatures expire
      dnssec = new io.aya.gslb.dnssec.DnssecService(config.stateDir(), clock,
          !config.cluster().members().isEmpty());
      dnssec.start(zones, java.time.Duration.ofMinutes(1));
      closeables.push(dnssec);
      ReloadResult r = zones.reload();
      if (!r.ok()) {
        throw new StartupException("zone files failed to load:\n  " + String.join("\n  ", r.errors()));
      }
      if (r.zones().zones().size() == 0) {
        log.warn("no *.zone files in {}: every query will be REFUSED", config.sources().zones());
      }
    }

    /** Zone transfer: TSIG keys from {@code <state-dir>/tsig.keys}, IXFR journal, NOTIFY. */
    private void startTransfers() throws StartupException {
      Path keyFile = config.stateDir().resolve("tsig.keys");
      try {
        transfers = ZoneTransferService.start(zones, keyFile, meters);
      } catch (IOException | IllegalArgumentException e) {
        throw new StartupException("tsig keys: cannot read " + keyFile + ": " + e.getMessage(), e);
      }
      closeables.push(transfers);
    }

    private void loadGeo() throws StartupException {
      try {
        geo = GeoLocators.create(config.sources().geo(), config.sources().networks());
      } catch (GeoDataException e) {
        throw new StartupException("geo data failed to load:\n  " + String.join("\n  ", e.problems()), e);
      } catch (IOException e) {
        throw new StartupException("geo data failed to load: " + e.getMessage(), e);
      }
      if (config.sources().geo() == null && config.sources().networks() == null) {
        log.warn("no geo data (--geo, --networks): every client is of unknown location and gets the fallback ranking");
      } else {
        log.info("geo data: {} {}, networks {}", config.sources().geo(), geo.databaseType(), config.sources().networks());
      }
      FunctionCounter.builder("aya.geo.cache.hits", geo, g -> g.cacheHits())
          .description("client locations answered from the cache").register(meters);
      FunctionCounter.builder("aya.geo.cache.lookups", geo, g -> g.cacheHits() + g.cacheMisses())
          .description("client location lookups").register(meters);
    }

    private void resolveToken() throws StartupException {
      try {
        AdminToken.Resolved t = AdminToken.resolve(config.admin().token(), config.stateDir(), config.cluster().secret());
        token = t.token();
        if (t.generated() && config.cluster().secret().enabled()) {
          log.info("derived the admin API token from the cluster secret into {} (the same on every member)", t.file());
        } else if (t.generated()) {
          log.info("generated an admin API token into {} (send it as 'Authorization: Bearer <token>')", t.file());
        } else if (t.file() != null) {
          log.info("admin API token: {}", t.file());
        }
        if (t.file() != null && !config.cluster().members().isEmpty()
            && !(t.generated() && config.cluster().secret().enabled())) {
          // each node's state dir holds its own token: one node's token would get 401 from the others
          log.warn("admin API token of this node is its own ({}), but it is part of a cluster: give every node the"
              + " same token (AYA_ADMIN_TOKEN or --admin-token-file) so that one token works on all of them",
              t.file());
        }
      } catch (IOException e) {
        throw new StartupException("state-dir: cannot write the admin token into " + config.stateDir() + ": "
            + io.aya.cluster.IoMessages.reason(e), e);
      } catch (IllegalStateException e) {
        throw new StartupException("admin-token: " + e.getMessage(), e);
      }
    }

    private void startCluster() throws StartupException {
      ClusterConfig cc;
      try {
        cc = ClusterConfig.builder(config.cluster().nodeName())
            .clusterName(config.cluster().name())
            .bindHost(config.cluster().host())
            .port(config.cluster().port())
            .members(config.cluster().members())
            .probeRedundancy(config.cluster().probeRedundancy())
            .stateDir(config.stateDir())
            .secret(config.cluster().secret())
            .forwarding(config.forwarding() == null ? null : config.forwarding().region(),
                config.forwarding() == null ? null : config.forwarding().address().getHostAddress())
            .build();
      } catch (IllegalArgumentException e) {
        throw new StartupException("cluster: " + e.getMessage(), e);
      }
      try {
        cluster = ClusterNode.start(cc);
      } catch (UncheckedIOException e) {
        throw new StartupException("state-dir: " + rootMessage(e), e);
      } catch (RuntimeException e) {
        throw new StartupException("cluster: cannot start the member on " + config.cluster().host() + ":"
            + config.cluster().port() + ": " + rootMessage(e), e);
      }
      closeables.push(cluster);
      ClusterNode c = cluster;
      Gauge.builder("aya.cluster.members", c, ClusterNode::memberCount)
          .description("live cluster members, this node included").register(meters);
      FunctionCounter.builder("aya.cluster.merges", c, ClusterNode::mergeCount)
          .description("times this node merged into another cluster after a split brain").register(meters);
      FunctionCounter.builder("aya.cluster.refused.values", c, ClusterNode::refusedValueCount)
          .description("shared values refused: not sealed with the cluster secret, or stamped too far ahead")
          .register(meters);
      Gauge.builder("aya.cluster.propagation.delay", c, AyaNode::propagationDelay)
          .baseUnit("seconds")
          .description("age of the last state change received from another member when it arrived")
          .register(meters);
    }

    private void registerZoneMetrics() {
      MultiGauge serials = MultiGauge.builder("aya.zone.serial").description("SOA serial of each served zone")
          .register(meters);
      Runnable publish = () -> {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Zone z : zones.current().zones()) {
          rows.add(MultiGauge.Row.of(Tags.of("zone", z.origin().toString()), z.serial()));
        }
        serials.register(rows, true);
      };
      publish.run();
      zones.addListener(set -> publish.run());
      Gauge.builder("aya.zones", zones, r -> r.current().zones().size()).description("zones served").register(meters);
      FunctionCounter.builder("aya.zone.reload.refused", zones, ZoneRepository::refusedForMemory)
          .description("zone files not loaded because parsing them would not fit in the heap").register(meters);
    }

    void closeAll() {
      closeQuietly(closeables);
    }

    private static String rootMessage(Throwable e) {
      Throwable t = e;
      while (t.getCause() != null && t.getCause() != t) {
        t = t.getCause();
      }
      return t.getMessage() == null ? t.toString() : t.getMessage();
    }
  }
}
