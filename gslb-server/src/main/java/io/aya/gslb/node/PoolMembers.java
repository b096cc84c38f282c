package io.aya.gslb.node;

import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.Endpoint;
import io.aya.gslb.zone.Pool;
import io.aya.gslb.zone.PoolMember;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which balanced names use each pool member of one zone set: checked members by endpoint key, and members of
 * pools without a check (always up) by region, then {@code zone@address}. Names are in zone order, each once.
 * Built per admin request; not thread-safe.
 */
final class PoolMembers {
  /** A member of a pool without a check. */
  record StaticMember(String zone, String address, List<String> names) {}

  private final Map<String, List<String>> namesByKey = new HashMap<>();
  private final Map<String, Map<String, StaticMember>> staticByRegion = new TreeMap<>();

  PoolMembers(ZoneSet zones) {
    for (Zone z : zones.zones()) {
      String zone = z.origin().toString(true);
      for (BalancedName b : z.balancedNames()) {
        String name = b.name().toString();
        for (Pool p : b.pools()) {
          for (PoolMember pm : p.members()) {
            List<String> names = p.check() == null
                ? staticByRegion.computeIfAbsent(p.region().name(), k -> new TreeMap<>())
                    .computeIfAbsent(zone + "@" + io.netty.util.NetUtil.toAddressString(pm.address()),
                        k -> new StaticMember(zone, io.netty.util.NetUtil.toAddressString(pm.address()), new ArrayList<>()))
                    .names()
                : namesByKey.computeIfAbsent(Endpoint.keyOf(zone, p.check().name(), pm.address()),
                    k -> new ArrayList<>());
            if (!names.contains(name)) {
              names.add(name);
            }
          }
        }
      }
    }
  }

  /** The balanced names whose pools hold the checked endpoint {@code key}. */
  List<String> namesOf(String key) {
    return namesByKey.getOrDefault(key, List.of());
  }

  /** The members of unchecked pools in {@code region}, sorted by {@code zone@address}. */
  Iterable<StaticMember> staticMembers(String region) {
    return staticByRegion.getOrDefault(region, Map.of()).values();
  }
}
