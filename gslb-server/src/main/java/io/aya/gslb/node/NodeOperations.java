package io.aya.gslb.node;

import io.aya.cluster.ClusterNode;
import io.aya.gslb.admin.AdminOperations;
import io.aya.gslb.admin.ApiException;
import io.aya.gslb.config.ServerConfig;
import io.aya.gslb.dns.RateLimitReport;
import io.aya.gslb.health.HealthService;
import io.aya.gslb.policy.Explanation;
import io.aya.gslb.policy.PolicyEngine;
import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.ReloadResult;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneRepository;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The admin API's view of a running node: reads the zone repository, the health snapshot, the cluster and the
 * meter registry, and sends operator actions to the health service (which writes them to the shared state).
 * Results are records that Jackson writes as JSON in declaration order (docs/admin-api.md shows them); numbers
 * that are unknown are {@code null}, never NaN. Times are epoch milliseconds plus an ISO-8601 copy for people.
 *
 * <p>Thread-safe: every method reads immutable snapshots or thread-safe services.
 */
final class NodeOperations implements AdminOperations {
  private final ServerConfig config;
  private final ZoneRepository zones;
  private final ClusterNode cluster;
  private final HealthService health;
  private final PolicyEngine policy;
  private final PrometheusMeterRegistry meters;
  private final Supplier<ReloadResult> reload;
  private final ReloadJobs reloads;
  private final OperatorCommands commands;
  private final Clock clock;

  /** {@code GET /healthz}. */
  record Liveness(String status, String node, int zones, int clusterMembers) {}

  /** Set once at start-up. */
  private volatile ClusterReload clusterReload;
  private volatile ClusterConsistency consistency;

  void cluster(ClusterReload reload, ClusterConsistency consistency) {
    this.clusterReload = reload;
    this.consistency = consistency;
  }

  /** Where RTT samples go (set once at start-up). */
  private volatile io.aya.gslb.placement.RttTable rtt;
  private volatile io.aya.gslb.placement.PlacementService placement;

  void placement(io.aya.gslb.placement.RttTable rtt, io.aya.gslb.placement.PlacementService placement) {
    this.rtt = rtt;
    this.placement = placement;
  }

  /** The node's L4 forwarder, or null when it does not forward (set once at start-up). */
  private volatile io.aya.gslb.forward.Forwarder forwarder;
  private volatile io.aya.gslb.dnssec.DnssecService dnssec;

  /** The node's DNS server, or null before it started. */
  private volatile io.aya.gslb.dns.DnsServer dns;

  NodeOperations(ServerConfig config, ZoneRepository zones, ClusterNode cluster, HealthService health,
      PolicyEngine policy, PrometheusMeterRegistry meters, Supplier<ReloadResult> reload, Clock clock) {
    this.config = config;
    this.zones = zones;
    this.cluster = cluster;
    this.health = health;
    this.policy = policy;
    this.meters = meters;
    this.reload = reload;
    this.reloads = new ReloadJobs(reload, clock);
    this.commands = new OperatorCommands(health.operator());
    this.clock = clock;
  }

  @Override
  public Liveness health() {
    return new Liveness("ok", config.cluster().nodeName(), zones.current().zones().size(), cluster.memberCount());
  }

  @Override
  public ZoneListing.Zones zones() {
    return ZoneListing.of(zones);
  }

  @Override
  public ReloadOutcome reloadZones() {
    ReloadReport report = reloads.run();
    return new ReloadOutcome(report.ok(), report);
  }

  @Override
  public ReloadJobs.Job reloadZonesInBackground() {
    return reloads.submit();
  }

  @Override
  public ReloadJobs.Job reloadJob(long id) {
    ReloadJobs.Job job = reloads.get(id);
    if (job == null) {
      throw new ApiException(404, "reload " + id + " is not known here (the last " + ReloadJobs.KEPT
          + " reloads of this node are kept)");
    }
    return job;
  }

  @Override
  public ReloadOutcome reloadZonesEverywhere() {
    ClusterReload r = clusterReload;
    return r == null ? reloadZones() : r.reloadEverywhere();
  }

  @Override
  public RegionListing.Regions regions() {
    return RegionListing.of(config.cluster().nodeName(), health, zones.current());
  }

  @Override
  public OperatorCommands.Drained drain(String regionGlob, boolean drain) {
    return commands.drain(regionGlob, drain);
  }

  @Override
  public OperatorCommands.LoadReported reportLoad(String region, double load, java.util.Map<String, Double> networks) {
    return commands.reportLoad(region, load, networks);
  }

  @Override
  public OperatorCommands.Forced force(String endpointGlob, Force mode) {
    return commands.force(endpointGlob, mode);
  }

  /** Explains the balanced name that answers {@code name} as a query finds it, wildcards included. */
  @Override
  public Object explain(String name, int qtype, InetAddress client, int sourcePrefix) {
    Name n;
    try {
      n = Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("name: '" + name + "' is not a domain name: " + e.getMessage());
    }
    ExplainTarget.Found f = ExplainTarget.find(zones.current(), n);
    Explanation e = policy.explain(f.balanced(), f.zone().origin().toString(), qtype, client, sourcePrefix);
    RateLimitReport rrl = rateLimit(client, sourcePrefix, n, qtype);
    return f.cnames().isEmpty() ? new ExplainTarget.Direct(e, rrl)
        : new ExplainTarget.ThroughCnames(n.toString(), f.cnames(), e, rrl);
  }

  /** RRL counts responses per packet source (a resolver), never per ECS subnet: a subnet is explained as such. */
  private RateLimitReport rateLimit(InetAddress client, int sourcePrefix, Name query, int qtype) {
    io.aya.gslb.dns.DnsServer server = dns;
    if (server == null) {
      return RateLimitReport.UNKNOWN;
    }
    RateLimitReport r = server.rateLimit(client, query, qtype);
    if (sourcePrefix < client.getAddress().length * 8) {
      return new RateLimitReport(r.limited(), r.exempt(), r.network(), r.rate(), r.slip(), r.responsesThisSecond(),
          "rate limiting counts the resolver that sends a query, never its ECS subnet; a resolver at "
              + client.getHostAddress() + ": " + r.reason());
    }
    return r;
  }

  @Override
  public RttSamples.Accepted reportRtt(List<RttSample> samples) {
    return RttSamples.add(samples, zones.current(), rtt, placement, config.cluster().nodeName());
  }

  @Override
  public ClusterListing.ClusterEntry cluster() {
    ClusterConsistency c = consistency;
    return ClusterListing.of(config, cluster, clock, c == null ? ClusterConsistency.View.EMPTY : c.view());
  }

  /** The node's DNS server, whose rate limiter explain reads (set once at start-up). */
  void dns(io.aya.gslb.dns.DnsServer d) {
    this.dns = d;
  }

  void dnssec(io.aya.gslb.dnssec.DnssecService d) {
    this.dnssec = d;
  }

  @Override
  public ZoneKeysListing ds(String zone) {
    return ZoneKeysListing.of(zones.current(), dnssec, zone);
  }

  @Override
  public String signedZone(String zone) {
    return ZoneKeysListing.signedZone(zones.current(), dnssec, zone);
  }

  void forwarder(io.aya.gslb.forward.Forwarder f) {
    this.forwarder = f;
  }

  @Override
  public Object forwarders() {
    io.aya.gslb.forward.Forwarder f = forwarder;
    return f != null ? f.report()
        : new io.aya.gslb.forward.ForwardersReport(config.cluster().nodeName(), null, null, java.util.List.of());
  }

  @Override
  public String metrics() {
    return meters.scrape();
  }
}
