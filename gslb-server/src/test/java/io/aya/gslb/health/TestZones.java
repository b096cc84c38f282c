package io.aya.gslb.health;

import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.CheckSpec;
import io.aya.gslb.zone.CheckType;
import io.aya.gslb.zone.Endpoint;
import io.aya.gslb.zone.LoadProbe;
import io.aya.gslb.zone.PolicySpec;
import io.aya.gslb.zone.Pool;
import io.aya.gslb.zone.PoolMember;
import io.aya.gslb.zone.Region;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/** Builds small in-memory zones for health tests. */
final class TestZones {
  private TestZones() {}

  static CheckSpec http(String name, int port, String path, int expect, String body, long intervalMs, long timeoutMs,
      int rise, int fall) {
    return new CheckSpec(name, CheckType.HTTP, port, path, expect, body, null, Duration.ofMillis(intervalMs),
        Duration.ofMillis(timeoutMs), rise, fall);
  }

  static CheckSpec check(String name, CheckType type, int port, long intervalMs, long timeoutMs, int rise, int fall) {
    return new CheckSpec(name, type, port, "/health", 200, null, null, Duration.ofMillis(intervalMs),
        Duration.ofMillis(timeoutMs), rise, fall);
  }

  static Region region(String name, long capacity) {
    return new Region(name, 0, 0, capacity);
  }

  static Pool pool(Region region, CheckSpec check, String... addresses) {
    List<PoolMember> members = new ArrayList<>();
    for (String a : addresses) {
      members.add(new PoolMember(address(a), 1));
    }
    return new Pool(region, members, check, 1);
  }

  static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A zone with one balanced name {@code www} made of {@code pools}, plus {@code probes}. */
  static Zone zone(String origin, List<Pool> pools, List<LoadProbe> probes) {
    return zone(origin, PolicySpec.DEFAULT, pools, probes);
  }

  /** A zone with one balanced name {@code www} made of {@code pools}, answered with TTL {@code ttl} seconds. */
  static Zone zone(String origin, long ttl, Pool... pools) {
    PolicySpec d = PolicySpec.DEFAULT;
    PolicySpec p = new PolicySpec(d.geo(), d.priority(), d.capacity(), d.weighted(), d.geofence(), d.answers(),
        d.fallback(), ttl);
    return zone(origin, p, List.of(pools), List.of());
  }

  private static Zone zone(String origin, PolicySpec policy, List<Pool> pools, List<LoadProbe> probes) {
    try {
      Name o = Name.fromString(origin.endsWith(".") ? origin : origin + ".");
      Zone.Builder b = Zone.builder(o);
      b.record(new SOARecord(o, DClass.IN, 300, Name.fromString("ns1", o), Name.fromString("hostmaster", o), 1, 7200,
          900, 1209600, 60));
      for (Pool p : pools) {
        b.region(p.region());
        if (p.check() != null) {
          b.check(p.check());
        }
      }
      if (!pools.isEmpty()) {
        b.balanced(new BalancedName(Name.fromString("www", o), pools, policy));
      }
      for (LoadProbe p : probes) {
        b.loadProbe(p);
      }
      return b.build();
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Zone zone(String origin, Pool... pools) {
    return zone(origin, List.of(pools), List.of());
  }

  static ZoneSet set(Zone... zones) {
    return ZoneSet.of(List.of(zones));
  }

  static String key(String zone, CheckSpec check, String address) {
    return Endpoint.keyOf(zone, check.name(), address(address));
  }
}
