package io.aya.gslb.health;

import io.aya.cluster.LoadReport;
import io.aya.cluster.MemberInfo;
import io.aya.cluster.Observation;
import io.aya.cluster.OperatorOverride;
import io.aya.cluster.SharedState;
import io.aya.gslb.zone.Endpoint;
import io.aya.gslb.zone.Region;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the health view is at one moment: judges every checked endpoint of the served zones from the shared
 * observations and FORCE overrides ({@link EndpointVerdicts}, {@link OverrideMatcher}), and every region from
 * its DRAIN override and load reports (a {@link LoadEstimator} per region, kept from build to build). The rules
 * are described on {@link HealthViewPublisher}, which decides when to build. Not thread-safe: one caller at a
 * time.
 */
final class HealthSnapshotBuilder {
  private final HealthConfig config;
  private final EndpointVerdicts verdicts;
  private final OverrideMatcher overrides = new OverrideMatcher();
  private final Map<String, LoadEstimator> estimators = new HashMap<>();

  /** @param downBeforeStart this node's down verdicts from before a restart, by endpoint key */
  HealthSnapshotBuilder(HealthConfig config, Map<String, Observation> downBeforeStart) {
    this.config = config;
    this.verdicts = new EndpointVerdicts(config, downBeforeStart);
  }

  /** The view of {@code targets} from what {@code shared} holds now, as of {@code now} (epoch milliseconds). */
  HealthSnapshot build(SharedState shared, ServedTargets targets, long now) {
    Set<String> live = new HashSet<>();
    for (MemberInfo m : shared.members()) {
      live.add(m.node());
    }
    Map<String, List<Observation>> byEndpoint = new HashMap<>();
    for (Observation o : shared.observations()) {
      if (targets.endpoints().containsKey(o.endpoint())) {
        byEndpoint.computeIfAbsent(o.endpoint(), k -> new ArrayList<>(4)).add(o);
      }
    }
    List<OperatorOverride> forces = new ArrayList<>();
    List<OperatorOverride> drains = new ArrayList<>();
    for (OperatorOverride o : shared.overrides()) {
      (o.kind() == OperatorOverride.Kind.DRAIN ? drains : forces).add(o);
    }
    Map<String, LoadReport> loads = new HashMap<>();
    for (LoadReport r : shared.loads()) {
      loads.put(r.region(), r);
    }
    overrides.trim();

    Map<String, EndpointStatus> eps = new HashMap<>(targets.endpoints().size() * 2);
    Map<String, int[]> upCounts = new HashMap<>();
    for (Endpoint e : targets.endpoints().values()) {
      EndpointStatus s = verdicts.judge(e, byEndpoint.getOrDefault(e.key(), List.of()), live,
          overrides.newest(forces, e.key()), now);
      eps.put(e.key(), s);
      int[] c = upCounts.computeIfAbsent(e.region(), k -> new int[2]);
      c[0] += s.up() ? 1 : 0;
      c[1]++;
    }
    Map<String, RegionStatus> regs = new HashMap<>(targets.regions().size() * 2);
    for (Region r : targets.regions().values()) {
      LoadEstimator est = estimators.computeIfAbsent(r.name(), k -> new LoadEstimator(config));
      est.update(loads.get(r.name()), now, r.capacity(), targets.lagMillis(r.name()));
      OperatorOverride drain = overrides.newest(drains, r.name());
      int[] c = upCounts.getOrDefault(r.name(), new int[2]);
      regs.put(r.name(), new RegionStatus(r.name(), r.capacity(), drain != null && drain.active(), drain, est.load(),
          est.offered(), est.fraction(), est.lastReport(), c[0], c[1]));
    }
    estimators.keySet().retainAll(targets.regions().keySet());
    return new HealthSnapshot(now, eps, regs);
  }
}
