package io.aya.gslb.node;

import io.aya.cluster.ClusterNode;
import io.aya.cluster.LoadReport;
import io.aya.cluster.MemberInfo;
import io.aya.cluster.OperatorOverride;
import io.aya.gslb.admin.AdminOperations;
import io.aya.gslb.admin.ApiException;
import io.aya.gslb.config.ServerConfig;
import io.aya.gslb.health.EndpointStatus;
import io.aya.gslb.health.HealthService;
import io.aya.gslb.health.HealthSnapshot;
import io.aya.gslb.health.LastCheck;
import io.aya.gslb.health.NodeObservation;
import io.aya.gslb.health.RegionStatus;
import io.aya.gslb.health.UnknownTargetException;
import io.aya.gslb.policy.PolicyEngine;
import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.Pool;
import io.aya.gslb.zone.ReloadResult;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneNode;
import io.aya.gslb.zone.ZoneRepository;
import io.aya.gslb.zone.ZoneSet;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.TextParseException;

/**
 * The admin API's view of a running node: reads the zone repository, the health snapshot, the cluster and the
 * meter registry, and sends operator actions to the health service (which writes them to the shared state).
 * Results are plain maps and records that Jackson writes as JSON; numbers that are unknown are {@code null},
 * never NaN. Times are epoch milliseconds plus an ISO-8601 copy for people.
 *
 * <p>Thread-safe: every method reads immutable snapshots or thread-safe services.
 */
final class NodeOperations implements AdminOperations {
  private static final Logger log = LoggerFactory.getLogger(NodeOperations.class);

  private final ServerConfig config;
  private final ZoneRepository zones;
  private final ClusterNode cluster;
  private final HealthService health;
  private final PolicyEngine policy;
  private final PrometheusMeterRegistry meters;
  private final Supplier<ReloadResult> reload;

  /** The node's L4 forwarder, or null when it does not forward (set once at start-up). */
  private volatile io.aya.gslb.forward.Forwarder forwarder;

  NodeOperations(ServerConfig config, ZoneRepository zones, ClusterNode cluster, HealthService health,
      PolicyEngine policy, PrometheusMeterRegistry meters, Supplier<ReloadResult> reload) {
    this.config = config;
    this.zones = zones;
    this.cluster = cluster;
    this.health = health;
    this.policy = policy;
    this.meters = meters;
    this.reload = reload;
  }

  @Override
  public Object health() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", "ok");
    m.put("node", config.nodeName());
    m.put("zones", zones.current().zones().size());
    m.put("clusterMembers", cluster.memberCount());
    return m;
  }

  @Override
  public Object zones() {
    List<Zone> sorted = new ArrayList<>(zones.current().zones());
    sorted.sort(Comparator.comparing(Zone::origin));
    List<Object> out = new ArrayList<>();
    for (Zone z : sorted) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("origin", z.origin().toString());
      m.put("serial", z.serial());
      m.put("file", z.source() == null ? null : z.source().toString());
      m.put("loadedAt", z.loadedAt() == null ? null : z.loadedAt().toString());
      m.put("records", countRecords(z));
      m.put("regions", new ArrayList<>(new TreeMap<>(z.regions()).keySet()));
      List<Object> names = new ArrayList<>();
      for (BalancedName b : z.balancedNames()) {
        Map<String, Object> bn = new LinkedHashMap<>();
        bn.put("name", b.name().toString());
        List<String> regions = new ArrayList<>();
        for (Pool p : b.pools()) {
          regions.add(p.region().name());
        }
        bn.put("regions", regions);
        bn.put("policy", policy(b.policy()));
        names.add(bn);
      }
      m.put("balancedNames", names);
      out.add(m);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("directory", zones.directory().toString());
    m.put("zones", out);
    return m;
  }

  private static Map<String, Object> policy(io.aya.gslb.zone.PolicySpec p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ranking", p.priority().isEmpty() ? (p.geo() ? "geo" : "none") : "priority");
    m.put("priority", p.priority());
    m.put("capacity", p.capacity());
    m.put("weighted", p.weighted());
    m.put("geofence", new java.util.TreeSet<>(p.geofence()));
    m.put("answers", p.answers());
    m.put("ttl", p.ttl());
    io.aya.gslb.zone.Fallback f = p.fallback();
    if (f instanceof io.aya.gslb.zone.Fallback.Fixed fixed) {
      List<String> addrs = new ArrayList<>();
      for (InetAddress a : fixed.addresses()) {
        addrs.add(a.getHostAddress());
      }
      m.put("fallback", addrs);
    } else {
      m.put("fallback", f instanceof io.aya.gslb.zone.Fallback.None ? "none" : "all");
    }
    return m;
  }

  private static int countRecords(Zone z) {
    int n = 0;
    for (ZoneNode node : z.nodes()) {
      for (var rrset : node.rrsets().values()) {
        n += rrset.size();
      }
    }
    return n;
  }

  @Override
  public ReloadOutcome reloadZones() {
    ReloadResult r = reload.get();
    List<Object> files = new ArrayList<>();
    for (ReloadResult.FileOutcome f : r.files()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", f.file().toString());
      m.put("status", f.status().name().toLowerCase(java.util.Locale.ROOT));
      m.put("origin", f.origin() == null ? null : f.origin().toString());
      m.put("errors", f.errors());
      files.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ok", r.ok());
    body.put("changed", r.changed());
    body.put("zones", r.zones().zones().size());
    body.put("files", files);
    if (!r.ok()) {
      body.put("status", 422);
      body.put("error", "zone files failed to load; their previous versions keep serving: " + String.join("; ", r.errors()));
    }
    return new ReloadOutcome(r.ok(), body);
  }

  @Override
  public Object regions() {
    HealthSnapshot s = health.snapshot();
    Map<String, List<EndpointStatus>> byRegion = new TreeMap<>();
    for (EndpointStatus e : s.endpoints().values()) {
      byRegion.computeIfAbsent(e.region(), k -> new ArrayList<>()).add(e);
    }
    Map<String, Map<String, Map<String, Object>>> staticMembers = staticMembers();
    Map<String, List<String>> namesByKey = checkedNames();
    Map<String, LastCheck> lastChecks = health.monitor().lastChecks();
    List<Object> regions = new ArrayList<>();
    for (RegionStatus r : new TreeMap<>(s.regions()).values()) {
      Map<String, Object> m = region(r);
      List<EndpointStatus> eps = new ArrayList<>(byRegion.getOrDefault(r.name(), List.of()));
      eps.sort(Comparator.comparing(EndpointStatus::key));
      List<Object> out = new ArrayList<>();
      for (EndpointStatus e : eps) {
        Map<String, Object> em = endpoint(e, lastChecks.get(e.key()));
        em.put("names", namesByKey.getOrDefault(e.key(), List.of()));
        out.add(em);
      }
      out.addAll(staticMembers.getOrDefault(r.name(), Map.of()).values());
      m.put("endpoints", out);
      regions.add(m);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("node", config.nodeName());
    m.put("builtAt", iso(s.builtAtMillis()));
    m.put("regions", regions);
    return m;
  }

  /** The balanced names that use each checked endpoint, by endpoint key. */
  private Map<String, List<String>> checkedNames() {
    Map<String, List<String>> out = new java.util.HashMap<>();
    for (Zone z : zones.current().zones()) {
      String zone = z.origin().toString(true);
      for (BalancedName b : z.balancedNames()) {
        for (Pool p : b.pools()) {
          if (p.check() == null) {
            continue;
          }
          for (io.aya.gslb.zone.PoolMember pm : p.members()) {
            List<String> names = out.computeIfAbsent(
                io.aya.gslb.zone.Endpoint.keyOf(zone, p.check().name(), pm.address()), k -> new ArrayList<>());
            if (!names.contains(b.name().toString())) {
              names.add(b.name().toString());
            }
          }
        }
      }
    }
    return out;
  }

  /** Members of pools without a check, by region then "zone@address": always up, listed so the view is complete. */
  private Map<String, Map<String, Map<String, Object>>> staticMembers() {
    Map<String, Map<String, Map<String, Object>>> byRegion = new TreeMap<>();
    for (Zone z : zones.current().zones()) {
      for (BalancedName b : z.balancedNames()) {
        for (Pool p : b.pools()) {
          if (p.check() != null) {
            continue;
          }
          for (io.aya.gslb.zone.PoolMember pm : p.members()) {
            String zone = z.origin().toString(true);
            String address = pm.address().getHostAddress();
            Map<String, Object> m = byRegion.computeIfAbsent(p.region().name(), k -> new TreeMap<>())
                .computeIfAbsent(zone + "@" + address, k -> {
                  Map<String, Object> e = new LinkedHashMap<>();
                  e.put("key", null);
                  e.put("zone", zone);
                  e.put("check", null);
                  e.put("address", address);
                  e.put("up", true);
                  e.put("checkedUp", true);
                  e.put("reason", "no health check: always up");
                  e.put("override", null);
                  e.put("lastResult", "");
                  e.put("lastResultMillis", null);
                  e.put("lastResultTime", null);
                  e.put("lastCheck", null);
                  e.put("observations", Map.of());
                  e.put("names", new ArrayList<String>());
                  return e;
                });
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) m.get("names");
            if (!names.contains(b.name().toString())) {
              names.add(b.name().toString());
            }
          }
        }
      }
    }
    return byRegion;
  }

  private static Map<String, Object> region(RegionStatus r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("capacity", r.capacity());
    m.put("drained", r.drained());
    m.put("drainOverride", override(r.drainOverride()));
    m.put("load", finite(r.load()));
    m.put("offered", finite(r.offered()));
    m.put("utilization", r.capacity() > 0 && Double.isFinite(r.load()) ? r.load() / r.capacity() : null);
    m.put("admitFraction", finite(r.admitFraction()));
    LoadReport lr = r.lastReport();
    if (lr == null) {
      m.put("lastLoadReport", null);
    } else {
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("load", lr.load());
      l.put("node", lr.node());
      l.put("timeMillis", lr.timestampMillis());
      l.put("time", iso(lr.timestampMillis()));
      m.put("lastLoadReport", l);
    }
    m.put("endpointsUp", r.endpointsUp());
    m.put("endpointsTotal", r.endpointsTotal());
    return m;
  }

  private static Map<String, Object> endpoint(EndpointStatus e, LastCheck last) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", e.key());
    m.put("zone", e.zone());
    m.put("check", e.check());
    m.put("address", e.address());
    m.put("up", e.up());
    m.put("checkedUp", e.checkedUp());
    m.put("reason", e.reason());
    m.put("override", override(e.override()));
    m.put("lastResult", e.lastDetail());
    m.put("lastResultMillis", e.lastResultMillis() == 0 ? null : e.lastResultMillis());
    m.put("lastResultTime", e.lastResultMillis() == 0 ? null : iso(e.lastResultMillis()));
    if (last == null) {
      m.put("lastCheck", null);
    } else {
      Map<String, Object> lc = new LinkedHashMap<>();
      lc.put("ok", last.ok());
      lc.put("detail", last.detail());
      lc.put("timeMillis", last.timeMillis());
      lc.put("time", iso(last.timeMillis()));
      lc.put("latencyMillis", last.latencyNanos() / 1e6);
      m.put("lastCheck", lc);
    }
    Map<String, Object> obs = new LinkedHashMap<>();
    for (NodeObservation o : e.observations()) {
      Map<String, Object> om = new LinkedHashMap<>();
      om.put("up", o.up());
      om.put("timeMillis", o.timestampMillis());
      om.put("time", iso(o.timestampMillis()));
      om.put("detail", o.detail());
      om.put("live", o.live());
      om.put("fresh", o.fresh());
      om.put("counted", o.counted());
      obs.put(o.node(), om);
    }
    m.put("observations", obs);
    return m;
  }

  private static Map<String, Object> override(OperatorOverride o) {
    if (o == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", o.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    m.put("target", o.target());
    m.put("active", o.active());
    m.put("node", o.node());
    m.put("timeMillis", o.timestampMillis());
    m.put("time", iso(o.timestampMillis()));
    return m;
  }

  @Override
  public Object drain(String regionGlob, boolean drain) {
    List<String> matched = matching(regionGlob, health.snapshot().regions().keySet());
    OperatorOverride o;
    try {
      o = drain ? health.operator().drain(regionGlob) : health.operator().undrain(regionGlob);
    } catch (UnknownTargetException e) {
      throw new ApiException(404, e.getMessage());
    }
    log.info("operator: {} {} (regions {}) through the admin API", drain ? "drain" : "undrain", regionGlob, matched);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("region", regionGlob);
    m.put("drained", drain);
    m.put("regions", matched);
    m.put("override", override(o));
    return m;
  }

  @Override
  public Object reportLoad(String region, double load) {
    if (!health.snapshot().regions().containsKey(region)) {
      throw new ApiException(404, "region: '" + region + "' is not declared by any zone (known: "
          + new TreeMap<>(health.snapshot().regions()).keySet() + ")");
    }
    LoadReport r = health.operator().reportLoad(region, load);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("region", r.region());
    m.put("load", r.load());
    m.put("node", r.node());
    m.put("timeMillis", r.timestampMillis());
    m.put("time", iso(r.timestampMillis()));
    return m;
  }

  @Override
  public Object force(String endpointGlob, String mode) {
    List<String> matched = matching(endpointGlob, health.snapshot().endpoints().keySet());
    OperatorOverride o = null;
    try {
      switch (mode) {
        case "up" -> o = health.operator().forceUp(endpointGlob);
        case "down" -> o = health.operator().forceDown(endpointGlob);
        case "clear" -> health.operator().clearForce(endpointGlob);
        default -> throw new IllegalArgumentException("mode: " + mode + " (expected: up, down or clear)");
      }
    } catch (UnknownTargetException e) {
      throw new ApiException(404, e.getMessage());
    }
    log.info("operator: force {} {} (endpoints {}) through the admin API", mode, endpointGlob, matched);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("endpoint", endpointGlob);
    m.put("force", mode);
    m.put("endpoints", matched);
    m.put("override", override(o));
    return m;
  }

  private static List<String> matching(String glob, java.util.Set<String> names) {
    String t = glob == null ? "" : glob.trim();
    Pattern p = Pattern.compile(globRegex(t));
    List<String> out = new ArrayList<>();
    for (String n : new java.util.TreeSet<>(names)) {
      if (p.matcher(n).matches()) {
        out.add(n);
      }
    }
    return out;
  }

  private static String globRegex(String glob) {
    StringBuilder sb = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> sb.append(".*");
        case '?' -> sb.append('.');
        default -> sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }

  @Override
  public Object explain(String name, int qtype, InetAddress client, int sourcePrefix) {
    Name n;
    try {
      n = Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("name: '" + name + "' is not a domain name: " + e.getMessage());
    }
    ZoneSet set = zones.current();
    Zone zone = set.findZone(n);
    if (zone == null) {
      throw new ApiException(404, "name: " + n + " is not in any zone served here");
    }
    BalancedName b = balancedAt(zone, n);
    if (b == null) {
      List<String> known = new ArrayList<>();
      for (BalancedName x : zone.balancedNames()) {
        known.add(x.name().toString());
      }
      throw new ApiException(404, "name: " + n + " is not a balanced name of zone " + zone.origin()
          + " (balanced names: " + known + ")");
    }
    return policy.explain(b, zone.origin().toString(), qtype, client, sourcePrefix);
  }

  /**
   * The balanced name that answers A/AAAA queries for {@code n}, found as the DNS answer path finds it: the
   * node of that name, else (when no such node and no delegation is on the way) the wildcard at the closest
   * encloser (RFC 4592 §3.3.1), so a name covered by {@code *.edge} is explained like it is answered.
   */
  private static BalancedName balancedAt(Zone zone, Name n) {
    int below = n.labels() - zone.origin().labels();
    ZoneNode closest = null;
    for (int skip = 0; skip <= below; skip++) {
      ZoneNode node = zone.node(skip == 0 ? n : new Name(n, skip));
      if (node == null) {
        continue;
      }
      if (node.isDelegation()) {
        return null;
      }
      if (closest == null) {
        if (skip == 0) {
          return node.balanced();
        }
        closest = node;
      }
    }
    if (closest == null) {
      closest = zone.node(zone.origin());
    }
    if (closest == null) {
      return null;
    }
    try {
      ZoneNode wild = zone.node(Name.concatenate(Name.fromConstantString("*"), closest.name()));
      return wild == null ? null : wild.balanced();
    } catch (NameTooLongException e) {
      return null;
    }
  }

  @Override
  public Object cluster() {
    long now = System.currentTimeMillis();
    List<Object> members = new ArrayList<>();
    List<MemberInfo> sorted = new ArrayList<>(cluster.members());
    sorted.sort(Comparator.comparing(MemberInfo::node));
    for (MemberInfo mi : sorted) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", mi.node());
      m.put("address", mi.address());
      m.put("local", mi.local());
      m.put("lastHeardMillis", mi.lastHeardMillis());
      m.put("lastHeard", iso(mi.lastHeardMillis()));
      m.put("lastHeardAgoMillis", Math.max(0, now - mi.lastHeardMillis()));
      members.add(m);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("node", config.nodeName());
    m.put("clusterName", config.clusterName());
    m.put("address", cluster.address());
    m.put("configuredMembers", config.clusterMembers());
    m.put("memberCount", cluster.memberCount());
    m.put("merges", cluster.mergeCount());
    long delay = cluster.lastPropagationDelayMillis();
    m.put("lastPropagationDelayMillis", delay < 0 ? null : delay);
    m.put("members", members);
    return m;
  }

  void forwarder(io.aya.gslb.forward.Forwarder f) {
    this.forwarder = f;
  }

  @Override
  public Object forwarders() {
    io.aya.gslb.forward.Forwarder f = forwarder;
    return f != null ? f.report()
        : new io.aya.gslb.forward.ForwardersReport(config.nodeName(), null, null, java.util.List.of());
  }

  @Override
  public String metrics() {
    return meters.scrape();
  }

  private static Object finite(double d) {
    return Double.isFinite(d) ? d : null;
  }

  private static String iso(long millis) {
    return millis <= 0 ? null : Instant.ofEpochMilli(millis).toString();
  }
}
