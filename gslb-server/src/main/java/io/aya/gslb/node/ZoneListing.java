package io.aya.gslb.node;

import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.Fallback;
import io.aya.gslb.zone.PolicySpec;
import io.aya.gslb.zone.Pool;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneNode;
import io.aya.gslb.zone.ZoneRepository;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** {@code GET /api/v1/zones}: the zones served now, sorted by origin. Stateless. */
final class ZoneListing {
  private ZoneListing() {}

  record Zones(String directory, List<ZoneEntry> zones) {}

  record ZoneEntry(String origin, long serial, String file, String loadedAt, int records, List<String> regions,
      List<BalancedEntry> balancedNames) {}

  record BalancedEntry(String name, List<String> regions, PolicyEntry policy) {}

  /**
   * @param ranking {@code geo}, {@code priority} or {@code none}
   * @param fallback {@code "all"}, {@code "none"} or the list of fixed addresses
   */
  record PolicyEntry(String ranking, List<String> priority, boolean capacity, boolean weighted, List<String> geofence,
      int answers, long ttl, Object fallback) {}

  static Zones of(ZoneRepository repository) {
    List<Zone> sorted = new ArrayList<>(repository.current().zones());
    sorted.sort(Comparator.comparing(Zone::origin));
    List<ZoneEntry> out = new ArrayList<>();
    for (Zone z : sorted) {
      List<BalancedEntry> names = new ArrayList<>();
      for (BalancedName b : z.balancedNames()) {
        List<String> regions = new ArrayList<>();
        for (Pool p : b.pools()) {
          regions.add(p.region().name());
        }
        names.add(new BalancedEntry(b.name().toString(), regions, policy(b.policy())));
      }
      out.add(new ZoneEntry(z.origin().toString(), z.serial(), z.source() == null ? null : z.source().toString(),
          z.loadedAt() == null ? null : z.loadedAt().toString(), countRecords(z),
          List.copyOf(new TreeSet<>(z.regions().keySet())), names));
    }
    return new Zones(repository.directory().toString(), out);
  }

  private static PolicyEntry policy(PolicySpec p) {
    String ranking = p.priority().isEmpty() ? (p.geo() ? "geo" : "none") : "priority";
    return new PolicyEntry(ranking, p.priority(), p.capacity(), p.weighted(), List.copyOf(new TreeSet<>(p.geofence())),
        p.answers(), p.ttl(), fallback(p.fallback()));
  }

  private static Object fallback(Fallback f) {
    if (f instanceof Fallback.Fixed fixed) {
      List<String> addresses = new ArrayList<>();
      for (InetAddress a : fixed.addresses()) {
        addresses.add(io.netty.util.NetUtil.toAddressString(a));
      }
      return addresses;
    }
    return f instanceof Fallback.None ? "none" : "all";
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
}
