package io.aya.gslb.health;

import io.aya.cluster.MemberInfo;
import io.aya.cluster.Observation;
import io.aya.cluster.SharedState;
import io.aya.gslb.zone.CheckSpec;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes observations that no longer count for any verdict from the shared state: this node's own
 * observation of an endpoint it does not probe once it is stale (older than
 * {@code staleIntervals × (interval + timeout) + interval}), and another node's only when that node is not a
 * live member and the observation is older than {@link HealthConfig#observationRetention()} and than twice
 * the staleness bound. Runs on the health monitor's publishing thread only.
 */
final class ObservationSweeper {
  private static final Logger log = LoggerFactory.getLogger(ObservationSweeper.class);

  private final SharedState shared;
  private final HealthConfig config;
  private final Clock clock;

  ObservationSweeper(SharedState shared, HealthConfig config, Clock clock) {
    this.shared = shared;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Sweeps once.
   *
   * @param probed endpoints this node probes now
   * @param specs the check of every endpoint this node might hold an observation of, by key
   * @return the endpoints this node holds an observation of without probing them (still there or just deleted)
   */
  Set<String> sweep(Set<String> probed, Map<String, CheckSpec> specs) {
    long now = clock.millis();
    String self = shared.nodeName();
    Set<String> live = new HashSet<>();
    for (MemberInfo m : shared.members()) {
      live.add(m.node());
    }
    Set<String> ownUnprobed = new HashSet<>();
    int deleted = 0;
    for (Observation o : shared.observations()) {
      CheckSpec spec = specs.get(o.endpoint());
      // one interval more than the view's bound: margin for clock skew and for the write to spread
      long staleAfter = spec == null ? 0 : config.staleMillis(spec) + spec.interval().toMillis();
      long age = now - o.timestampMillis();
      boolean delete;
      if (o.node().equals(self)) {
        if (probed.contains(o.endpoint())) {
          continue;
        }
        ownUnprobed.add(o.endpoint());
        delete = age > staleAfter;
      } else {
        delete = !live.contains(o.node())
            && age > Math.max(config.observationRetention().toMillis(), 2 * staleAfter);
      }
      if (delete && shared.removeObservation(o.endpoint(), o.node(), o.timestampMillis())) {
        deleted++;
      }
    }
    if (deleted > 0) {
      log.info("Deleted {} observation(s) no longer kept from the shared state", deleted);
    }
    return ownUnprobed;
  }
}
