package io.aya.gslb.node;

import io.aya.cluster.LoadReport;
import io.aya.gslb.health.EndpointStatus;
import io.aya.gslb.health.HealthService;
import io.aya.gslb.health.HealthSnapshot;
import io.aya.gslb.health.LastCheck;
import io.aya.gslb.health.NodeObservation;
import io.aya.gslb.health.RegionStatus;
import io.aya.gslb.zone.Region;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/regions}: every region of the health view, sorted by name, with its checked endpoints
 * (sorted by key) and then the members of its unchecked pools. Numbers that are not known are null, never NaN.
 * Stateless.
 */
final class RegionListing {
  private static final String ALWAYS_UP = "no health check: always up";

  private RegionListing() {}

  /** The summary (one line per region, to read at a glance) comes first; the details follow in {@code regions}. */
  record Regions(String node, String builtAt, List<RegionSummary> summary, List<RegionEntry> regions) {}

  /**
   * @param state {@code drained}, {@code down} (no endpoint up), {@code degraded} (some down) or {@code up}
   * @param membersUp pool members up: checked endpoints that are up and members of static pools (always up)
   */
  record RegionSummary(String name, String state, int membersUp, int membersTotal, Double load, long capacity,
      Double utilization, boolean drained) {
    static RegionSummary of(RegionEntry r) {
      String state = r.drained() ? "drained" : r.membersTotal() > 0 && r.membersUp() == 0 ? "down"
          : r.membersUp() < r.membersTotal() ? "degraded" : "up";
      return new RegionSummary(r.name(), state, r.membersUp(), r.membersTotal(), r.load(), r.capacity(),
          r.utilization(), r.drained());
    }
  }

  record RegionEntry(String name, long capacity, boolean drained, OverrideEntry drainOverride, Double load,
      Double offered, Double utilization, Double admitFraction, LoadEntry lastLoadReport, int endpointsUp,
      int endpointsTotal, int membersUp, int membersTotal, Double latitude, Double longitude,
      List<EndpointEntry> endpoints) {}

  record LoadEntry(double load, String node, long timeMillis, String time) {}

  /** A checked endpoint ({@code key} set) or a member of an unchecked pool ({@code key}, {@code check} null). */
  record EndpointEntry(String key, String zone, String check, String address, boolean up, boolean checkedUp,
      String reason, OverrideEntry override, String lastResult, Long lastResultMillis, String lastResultTime,
      LastCheckEntry lastCheck, Map<String, ObservationEntry> observations, List<String> names) {
    EndpointEntry {
      observations = Collections.unmodifiableMap(new LinkedHashMap<>(observations));
      names = List.copyOf(names);
    }
  }

  record LastCheckEntry(boolean ok, String detail, long timeMillis, String time, double latencyMillis) {}

  record ObservationEntry(boolean up, long timeMillis, String time, String detail, boolean live, boolean fresh,
      boolean counted) {}

  static Regions of(String node, HealthService health, ZoneSet zones) {
    HealthSnapshot s = health.snapshot();
    Map<String, List<EndpointStatus>> byRegion = new TreeMap<>();
    for (EndpointStatus e : s.endpoints().values()) {
      byRegion.computeIfAbsent(e.region(), k -> new ArrayList<>()).add(e);
    }
    PoolMembers members = new PoolMembers(zones);
    Map<String, LastCheck> lastChecks = health.monitor().lastChecks();
    List<RegionEntry> regions = new ArrayList<>();
    for (RegionStatus r : new TreeMap<>(s.regions()).values()) {
      List<EndpointStatus> checked = new ArrayList<>(byRegion.getOrDefault(r.name(), List.of()));
      checked.sort(Comparator.comparing(EndpointStatus::key));
      List<EndpointEntry> endpoints = new ArrayList<>();
      for (EndpointStatus e : checked) {
        endpoints.add(endpoint(e, lastChecks.get(e.key()), members.namesOf(e.key())));
      }
      for (PoolMembers.StaticMember m : members.staticMembers(r.name())) {
        endpoints.add(new EndpointEntry(null, m.zone(), null, m.address(), true, true, ALWAYS_UP, null, "", null, null,
            null, Map.of(), m.names()));
      }
      regions.add(region(r, declared(zones, r.name()), endpoints));
    }
    List<RegionSummary> summary = new ArrayList<>();
    for (RegionEntry r : regions) {
      summary.add(RegionSummary.of(r));
    }
    return new Regions(node, IsoTime.of(s.builtAtMillis()), summary, regions);
  }

  /** Where a region is, as the first zone that declares it says; null when no zone does (any more). */
  private static Region declared(ZoneSet zones, String name) {
    for (Zone z : zones.zones()) {
      Region r = z.regions().get(name);
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  private static RegionEntry region(RegionStatus r, Region where, List<EndpointEntry> endpoints) {
    LoadReport lr = r.lastReport();
    LoadEntry last = lr == null ? null
        : new LoadEntry(lr.load(), lr.node(), lr.timestampMillis(), IsoTime.of(lr.timestampMillis()));
    Double utilization = r.capacity() > 0 && Double.isFinite(r.load()) ? r.load() / r.capacity() : null;
    // counted over the listed endpoints: members of static pools are up, not left out ("0 of 0")
    int up = 0;
    for (EndpointEntry e : endpoints) {
      up += e.up() ? 1 : 0;
    }
    return new RegionEntry(r.name(), r.capacity(), r.drained(), OverrideEntry.of(r.drainOverride()), finite(r.load()),
        finite(r.offered()), utilization, finite(r.admitFraction()), last, r.endpointsUp(), r.endpointsTotal(),
        up, endpoints.size(),
        where == null ? null : where.latitude(), where == null ? null : where.longitude(), endpoints);
  }

  private static EndpointEntry endpoint(EndpointStatus e, LastCheck last, List<String> names) {
    LastCheckEntry lastCheck = last == null ? null : new LastCheckEntry(last.ok(), last.detail(), last.timeMillis(),
        IsoTime.of(last.timeMillis()), last.latencyNanos() / 1e6);
    Map<String, ObservationEntry> observations = new LinkedHashMap<>();
    for (NodeObservation o : e.observations()) {
      observations.put(o.node(), new ObservationEntry(o.up(), o.timestampMillis(), IsoTime.of(o.timestampMillis()),
          o.detail(), o.live(), o.fresh(), o.counted()));
    }
    boolean seen = e.lastResultMillis() != 0;
    return new EndpointEntry(e.key(), e.zone(), e.check(), e.address(), e.up(), e.checkedUp(), e.reason(),
        OverrideEntry.of(e.override()), e.lastDetail(), seen ? e.lastResultMillis() : null,
        seen ? IsoTime.of(e.lastResultMillis()) : null, lastCheck, observations, names);
  }

  private static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }
}
