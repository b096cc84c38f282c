package io.aya.gslb.policy;

import io.aya.gslb.geo.ClientLocation;
import io.aya.gslb.geo.GeoLocator;
import io.aya.gslb.zone.AddressText;
import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.CheckSpec;
import io.aya.gslb.zone.CheckType;
import io.aya.gslb.zone.Fallback;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/** Zones, regions and client locations shared by the policy tests. */
final class Fixtures {
  static final Region US_EAST = new Region("us-east", 39.04, -77.49, 10000);
  static final Region EU_WEST = new Region("eu-west", 53.35, -6.26, 6000);
  static final Region AP_SOUTHEAST = new Region("ap-southeast", 1.35, 103.82, 4000);

  /** The IPv4 members of {@link #www}'s pools. */
  static final List<String> US_EAST_V4 = List.of("192.0.2.10", "192.0.2.11");

  static final List<String> AP_SOUTHEAST_V4 = List.of("203.0.113.10", "203.0.113.11");

  static final CheckSpec WEB =
      new CheckSpec(
          "web", CheckType.HTTP, 80, "/healthz", 200, null, null, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 2);

  static final InetAddress LONDON = ip("81.2.69.160");
  static final InetAddress NEW_YORK = ip("8.8.4.4");
  static final InetAddress SINGAPORE = ip("203.116.1.1");
  static final InetAddress NOWHERE = ip("192.0.2.200");

  static final ClientLocation LONDON_LOC = located("81.2.69.0/24", 24, 51.51, -0.13, "GB", "EU", null);
  static final ClientLocation NEW_YORK_LOC = located("8.8.4.0/24", 24, 40.71, -74.01, "US", "NA", null);
  static final ClientLocation SINGAPORE_LOC = located("203.116.1.0/24", 24, 1.29, 103.85, "SG", "AS", null);

  private Fixtures() {}

  static ClientLocation located(
      String network, int prefix, double lat, double lon, String country, String continent, String region) {
    return new ClientLocation(
        network, prefix, lat, lon, country, continent, region, ClientLocation.Source.GEOIP);
  }

  /** London, New York and Singapore by address; everything else unknown. */
  static GeoLocator cities() {
    Map<InetAddress, ClientLocation> map = new HashMap<>();
    map.put(LONDON, LONDON_LOC);
    map.put(NEW_YORK, NEW_YORK_LOC);
    map.put(SINGAPORE, SINGAPORE_LOC);
    return (address, prefix) -> map.getOrDefault(address, ClientLocation.UNKNOWN);
  }

  /**
   * Client networks {@code 10.x.y.0/24} (10,000 of them for i in 0..9999), all located in London as /24s.
   */
  static InetAddress londonNetwork(int i) {
    return ip("10." + (i / 256) + "." + (i % 256) + ".7");
  }

  static GeoLocator londonNetworks() {
    return (address, prefix) -> {
      byte[] a = address.getAddress();
      if (a.length == 4 && a[0] == 10) {
        String net = "10." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + ".0/24";
        return located(net, 24, 51.51, -0.13, "GB", "EU", null);
      }
      return ClientLocation.UNKNOWN;
    };
  }

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  static Name name(String s) {
    try {
      return Name.fromString(s);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  /** A pool with check {@code web}; members as {@code addr} or {@code addr@weight}. */
  static Pool pool(Region region, String... members) {
    return new Pool(region, members(members), WEB, 1);
  }

  static Pool staticPool(Region region, String... members) {
    return new Pool(region, members(members), null, 1);
  }

  static List<PoolMember> members(String... members) {
    List<PoolMember> out = new ArrayList<>();
    for (String m : members) {
      int at = m.indexOf('@');
      out.add(
          at < 0
              ? new PoolMember(ip(m), 1)
              : new PoolMember(ip(m.substring(0, at)), Integer.parseInt(m.substring(at + 1))));
    }
    return out;
  }

  static PolicySpec policy(
      boolean geo,
      List<String> priority,
      boolean capacity,
      boolean weighted,
      Set<String> geofence,
      int answers,
      Fallback fallback) {
    return new PolicySpec(geo, priority, capacity, weighted, geofence, answers, fallback, 30);
  }

  static PolicySpec geo() {
    return policy(true, List.of(), false, false, Set.of(), 1, Fallback.ALL);
  }

  /** www.example.com. with the three standard regions (eu-west has an IPv6 member, ap-southeast none). */
  static BalancedName www(PolicySpec policy) {
    return new BalancedName(
        name("www.example.com."),
        List.of(
            pool(US_EAST, "192.0.2.10", "192.0.2.11", "2001:db8::10"),
            pool(EU_WEST, "198.51.100.10", "2001:db8:1::10"),
            pool(AP_SOUTHEAST, "203.0.113.10", "203.0.113.11")),
        policy);
  }

  static Zone zone(String origin, BalancedName... names) {
    Name o = name(origin);
    Zone.Builder b = Zone.builder(o);
    b.record(
        new SOARecord(o, DClass.IN, 300, name("ns1." + origin), name("hostmaster." + origin), 1, 7200, 900, 1209600, 60));
    for (BalancedName n : names) {
      for (Pool p : n.pools()) {
        b.region(p.region());
      }
      b.balanced(n);
    }
    b.check(WEB);
    return b.build();
  }

  /** An engine with the name's zone {@code example.com.} prepared. */
  static PolicyEngine engine(GeoLocator geo, TestHealthView health, BalancedName... names) {
    PolicyEngine engine = new PolicyEngine(geo, health);
    engine.prepare(ZoneSet.of(List.of(zone("example.com.", names))));
    return engine;
  }

  static String key(String address) {
    return "example.com/web@" + AddressText.of(ip(address));
  }

  /** The answered addresses, in order. */
  static List<String> addresses(BalancedAnswer answer) {
    List<String> out = new ArrayList<>();
    for (Record r : answer.records()) {
      InetAddress a = r instanceof ARecord ar ? ar.getAddress() : ((AAAARecord) r).getAddress();
      out.add(a.getHostAddress());
    }
    return out;
  }
}
