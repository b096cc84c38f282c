package io.aya.gslb.health;

import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.Endpoint;
import io.aya.gslb.zone.PolicySpec;
import io.aya.gslb.zone.Pool;
import io.aya.gslb.zone.Region;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the served zones ask the health view to judge: their checked endpoints by key, their regions by name
 * (region names are global; where zones disagree on capacity the larger one is taken), and per region the
 * clients' lag behind a new admit fraction. Immutable.
 *
 * @param lagMillis per region, the largest answer TTL of the balanced names with the capacity step and a pool
 *     there (clients keep an answer for its TTL; names without the capacity step do not follow it at all)
 */
record ServedTargets(Map<String, Endpoint> endpoints, Map<String, Region> regions, Map<String, Long> lagMillis) {
  static final ServedTargets NONE = new ServedTargets(Map.of(), Map.of(), Map.of());

  ServedTargets {
    endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
    regions = Collections.unmodifiableMap(new LinkedHashMap<>(regions));
    lagMillis = Map.copyOf(lagMillis);
  }

  static ServedTargets of(ZoneSet zones) {
    Map<String, Endpoint> eps = new LinkedHashMap<>();
    Map<String, Region> regs = new LinkedHashMap<>();
    Map<String, Long> lags = new HashMap<>();
    for (Zone z : zones.zones()) {
      for (BalancedName bn : z.balancedNames()) {
        for (Pool p : bn.policy().capacity() ? bn.pools() : List.<Pool>of()) {
          lags.merge(p.region().name(), bn.policy().ttl() * 1000, Math::max);
        }
      }
      for (Region r : z.regions().values()) {
        Region known = regs.get(r.name());
        if (known == null || r.capacity() > known.capacity()) {
          regs.put(r.name(), r);
        }
      }
      for (Endpoint e : z.endpoints()) {
        eps.putIfAbsent(e.key(), e);
      }
    }
    return new ServedTargets(eps, regs, lags);
  }

  /** The clients' lag in {@code region} ({@link PolicySpec#DEFAULT_TTL} for a region without such a name). */
  long lagMillis(String region) {
    return lagMillis.getOrDefault(region, PolicySpec.DEFAULT_TTL * 1000);
  }
}
