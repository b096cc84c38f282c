package io.aya.gslb.policy;

import static io.aya.gslb.policy.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.gslb.geo.ClientLocation;
import io.aya.gslb.geo.GeoLocator;
import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.Fallback;
import io.aya.gslb.zone.Pool;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class PolicyEngineTest {
  private final TestHealthView health = new TestHealthView();

  private static String a(String address) {
    return ip(address).getHostAddress();
  }

  /** The answer is exactly one address, one of {@code region}'s (which one is the client network's hash). */
  private static void assertOneOf(List<String> region, BalancedAnswer answer) {
    List<String> got = addresses(answer);
    assertEquals(1, got.size(), "addresses: " + got);
    assertTrue(region.contains(got.get(0)), got + " not in " + region);
  }

  private BalancedAnswer query(PolicyEngine engine, BalancedName name, int type, java.net.InetAddress client) {
    return engine.resolve(name, type, client, 32);
  }

  @Test
  void londonNewYorkAndSingaporeClientsGetTheirNearestRegion() {
    BalancedName www = www(geo());
    PolicyEngine engine = engine(cities(), health, www);

    assertEquals(List.of(a("198.51.100.10")), addresses(query(engine, www, Type.A, LONDON)));
    assertOneOf(US_EAST_V4, query(engine, www, Type.A, NEW_YORK));
    assertOneOf(AP_SOUTHEAST_V4, query(engine, www, Type.A, SINGAPORE));
  }

  @Test
  void downMemberMovesLondonToTheNextNearestRegion() {
    BalancedName www = www(geo());
    PolicyEngine engine = engine(cities(), health, www);
    health.down.add(key("198.51.100.10"));
    health.down.add(key("2001:db8:1::10"));

    assertOneOf(US_EAST_V4, query(engine, www, Type.A, LONDON));
  }

  @Test
  void downMemberInsideAPoolIsNotAnsweredButThePoolStaysUp() {
    BalancedName www = www(geo());
    PolicyEngine engine = engine(cities(), health, www);
    health.down.add(key("192.0.2.10"));

    assertEquals(List.of(a("192.0.2.11")), addresses(query(engine, www, Type.A, NEW_YORK)));
  }

  @Test
  void drainedRegionIsSkippedForLondonClients() {
    BalancedName www = www(geo());
    PolicyEngine engine = engine(cities(), health, www);
    health.drained.add("eu-west");

    assertOneOf(US_EAST_V4, query(engine, www, Type.A, LONDON));
    assertOneOf(AP_SOUTHEAST_V4, query(engine, www, Type.A, SINGAPORE));
  }

  @Test
  void staticPoolIsAlwaysUpButCanStillBeDrained() {
    BalancedName name =
        new BalancedName(
            name("static.example.com."),
            List.of(staticPool(EU_WEST, "198.51.100.20"), staticPool(US_EAST, "192.0.2.20")),
            geo());
    PolicyEngine engine = engine(cities(), health, name);
    health.down.add(key("198.51.100.20"));

    assertEquals(List.of(a("198.51.100.20")), addresses(query(engine, name, Type.A, LONDON)));

    health.drained.add("eu-west");
    assertEquals(List.of(a("192.0.2.20")), addresses(query(engine, name, Type.A, LONDON)));
  }

  @Test
  void poolBelowItsUpThresholdIsDownEvenWithOneMemberUp() {
    BalancedName name =
        new BalancedName(
            name("www.example.com."),
            List.of(
                new Pool(EU_WEST, members("198.51.100.10", "198.51.100.11"), WEB, 2),
                pool(US_EAST, "192.0.2.10")),
            geo());
    PolicyEngine engine = engine(cities(), health, name);

    assertOneOf(List.of("198.51.100.10", "198.51.100.11"), query(engine, name, Type.A, LONDON));

    health.down.add(key("198.51.100.10"));
    assertEquals(List.of(a("192.0.2.10")), addresses(query(engine, name, Type.A, LONDON)));
  }

  @Test
  void endpointKeysUseTheOriginOfThePreparedZone() {
    BalancedName www =
        new BalancedName(
            name("www.other.test."),
            List.of(pool(EU_WEST, "198.51.100.10"), pool(US_EAST, "192.0.2.10")),
            geo());
    PolicyEngine engine = new PolicyEngine(cities(), health);
    Zone other = zone("other.test.", www);
    engine.prepare(ZoneSet.of(List.of(other, zone("example.com."))));
    health.down.add("other.test/web@198.51.100.10");

    assertEquals(List.of(a("192.0.2.10")), addresses(query(engine, www, Type.A, LONDON)));
  }

  @Test
  void unpreparedNameIsCompiledAgainstItsEnclosingZone() {
    BalancedName prepared = www(geo());
    PolicyEngine engine = engine(cities(), health, prepared);
    // a new instance (as after a reload) that prepare has not seen yet
    BalancedName fresh = www(geo());
    health.drained.add("eu-west");
    health.down.add(key("192.0.2.10"));

    assertEquals(List.of(a("192.0.2.11")), addresses(query(engine, fresh, Type.A, LONDON)));
  }

  @Test
  void fallbackAllAnswersEveryMemberOfTheFamilyWhenNothingIsUp() {
    BalancedName www = www(geo());
    PolicyEngine engine = engine(cities(), health, www);
    health.drained.addAll(Set.of("eu-west", "us-east", "ap-southeast"));

    BalancedAnswer answer = query(engine, www, Type.A, LONDON);
    assertEquals(
        List.of(a("192.0.2.10"), a("192.0.2.11"), a("198.51.100.10"), a("203.0.113.10"), a("203.0.113.11")),
        addresses(answer));
    assertEquals(0, answer.scopePrefix());

    assertEquals(
        List.of(a("2001:db8::10"), a("2001:db8:1::10")), addresses(query(engine, www, Type.AAAA, LONDON)));
  }

  @Test
  void fallbackNoneAnswersNodataWhenNothingIsUp() {
    BalancedName www = www(policy(true, List.of(), false, false, Set.of(), 1, Fallback.NONE));
    PolicyEngine engine = engine(cities(), health, www);
    for (String m : List.of("192.0.2.10", "192.0.2.11", "198.51.100.10", "203.0.113.10", "203.0.113.11")) {
      health.down.add(key(m));
    }

    assertTrue(query(engine, www, Type.A, LONDON).records().isEmpty());
    // IPv6 members are still up: the AAAA query is answered from them
    assertEquals(List.of(a("2001:db8:1::10")), addresses(query(engine, www, Type.AAAA, LONDON)));
  }

  @Test
  void fallbackFixedAnswersTheFixedAddressesOfTheQueriedFamily() {
    Fallback fixed = new Fallback.Fixed(List.of(ip("192.0.2.99"), ip("2001:db8::99")));
    BalancedName www = www(policy(true, List.of(), false, false, Set.of(), 1, fixed));
    PolicyEngine engine = engine(cities(), health, www);
    health.drained.addAll(Set.of("eu-west", "us-east", "ap-southeast"));

    assertEquals(List.of(a("192.0.2.99")), addresses(query(engine, www, Type.A, LONDON)));
    assertEquals(List.of(a("2001:db8::99")), addresses(query(engine, www, Type.AAAA, LONDON)));
  }

  @Test
  void aaaaIsAnsweredFromIpv6MembersOfTheNearestRegionThatHasThem() {
    BalancedName www = www(geo());
    PolicyEngine engine = engine(cities(), health, www);

    assertEquals(List.of(a("2001:db8:1::10")), addresses(query(engine, www, Type.AAAA, LONDON)));
    // ap-southeast has no IPv6 member: Singapore's AAAA comes from the next nearest with one
    BalancedAnswer sg = query(engine, www, Type.AAAA, SINGAPORE);
    assertEquals(1, sg.records().size());
    assertEquals(Type.AAAA, sg.records().get(0).getType());
    assertTrue(List.of(a("2001:db8::10"), a("2001:db8:1::10")).containsAll(addresses(sg)));
  }

  @Test
  void aaaaIsNodataWhenTheNameHasNoIpv6MemberEvenWithFallbackAll() {
    BalancedName v4only =
        new BalancedName(
            name("v4.example.com."),
            List.of(pool(EU_WEST, "198.51.100.10"), pool(US_EAST, "192.0.2.10")),
            geo());
    PolicyEngine engine = engine(cities(), health, v4only);

    BalancedAnswer answer = query(engine, v4only, Type.AAAA, LONDON);
    assertTrue(answer.records().isEmpty());
    assertEquals(0, answer.scopePrefix());
  }

  @Test
  void recordsAreOwnedByTheBalancedNameWithThePolicyTtl() {
    BalancedName www =
        www(new io.aya.gslb.zone.PolicySpec(true, List.of(), false, false, Set.of(), 1, Fallback.ALL, 17));
    PolicyEngine engine = engine(cities(), health, www);

    Record r = query(engine, www, Type.A, LONDON).records().get(0);
    assertEquals(name("www.example.com."), r.getName());
    assertEquals(17, r.getTTL());
    assertEquals(Type.A, r.getType());
  }

  @Test
  void clientsWithoutCoordinatesGetZoneOrder() {
    BalancedName www = www(geo());
    PolicyEngine engine = engine(cities(), health, www);

    assertOneOf(US_EAST_V4, query(engine, www, Type.A, NOWHERE));
  }

  @Test
  void regionPinnedByTheNetworkMapRanksFirst() {
    BalancedName www = www(geo());
    ClientLocation pinned =
        new ClientLocation(
            "81.2.69.0/24", 24, 51.51, -0.13, "GB", "EU", "ap-southeast", ClientLocation.Source.NETWORK_MAP);
    GeoLocator geo = (address, prefix) -> pinned;
    PolicyEngine engine = engine(geo, health, www);

    assertOneOf(AP_SOUTHEAST_V4, query(engine, www, Type.A, LONDON));

    health.drained.add("ap-southeast");
    assertEquals(List.of(a("198.51.100.10")), addresses(query(engine, www, Type.A, LONDON)));
  }

  @Test
  void otherQueryTypesGetNoRecords() {
    BalancedName www = www(geo());
    PolicyEngine engine = engine(cities(), health, www);

    assertTrue(query(engine, www, Type.TXT, LONDON).records().isEmpty());
  }
}
