package io.aya.gslb.policy;

import static io.aya.gslb.policy.PolicyDns.addresses;
import static io.aya.gslb.policy.PolicyDns.scope;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aya.gslb.geo.MmdbGeoLocator;
import io.aya.gslb.geo.TestMmdb;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/** Ordered failover and the three fallback modes over real UDP, for clients in London and Singapore. */
class FailoverOverUdpTest {
  static final String ZONE =
      """
      api       30 IN GSLB eu-west      198.51.100.50 check=web
      api       30 IN GSLB ap-southeast 203.0.113.50 check=web
      api       30 IN GSLB us-east      192.0.2.50
      $POLICY api priority=eu-west,ap-southeast fallback=none

      fb-all    30 IN GSLB eu-west 198.51.100.60 2001:db8:20::60 check=web
      fb-all    30 IN GSLB us-east 192.0.2.60 192.0.2.61 check=web
      $POLICY fb-all geo fallback=all

      fb-none   30 IN GSLB eu-west 198.51.100.70 2001:db8:20::70 check=web
      fb-none   30 IN GSLB us-east 192.0.2.70 check=web
      $POLICY fb-none geo fallback=none

      fb-fixed  30 IN GSLB eu-west 198.51.100.80 2001:db8:20::80 check=web
      fb-fixed  30 IN GSLB us-east 192.0.2.80 check=web
      $POLICY fb-fixed geo fallback=203.0.113.99,2001:db8::99
      """;

  static final String LONDON = "81.2.69.0";
  static final String SINGAPORE = "203.116.7.0";

  @TempDir static Path dir;
  static MmdbGeoLocator geo;
  static PolicyDns dns;

  @BeforeAll
  static void start() {
    geo =
        TestMmdb.geoIp2City()
            .city("81.2.69.0/24", "London", "GB", 51.51, -0.13)
            .city("203.116.0.0/16", "Singapore", "SG", 1.29, 103.85)
            .open(dir.resolve("city.mmdb"));
    dns = PolicyDns.start(dir, geo, ZONE);
  }

  @AfterAll
  static void stop() throws IOException {
    dns.close();
    geo.close();
  }

  @AfterEach
  void allHealthy() {
    dns.health.down.clear();
    dns.health.drained.clear();
  }

  private static List<String> a(String name, String client) {
    Message reply = dns.query(name, Type.A, client, 24);
    assertEquals(0, scope(reply), () -> name + " for " + client + ": the answer does not depend on the client");
    return addresses(reply);
  }

  private static List<String> aaaa(String name, String client) {
    Message reply = dns.query(name, Type.AAAA, client, 24);
    assertEquals(0, scope(reply), () -> name + " AAAA for " + client);
    return addresses(reply);
  }

  private static void down(String... members) {
    for (String m : members) {
      dns.health.down.add(Fixtures.key(m));
    }
  }

  @Test
  void priorityFailsOverInListedOrderThenToUnlistedRegionsForEveryClient() {
    for (String client : List.of(LONDON, SINGAPORE)) {
      assertEquals(List.of("198.51.100.50"), a("api", client), client);
    }

    down("198.51.100.50");
    for (String client : List.of(LONDON, SINGAPORE)) {
      assertEquals(List.of("203.0.113.50"), a("api", client), client);
    }

    dns.health.drained.add("ap-southeast");
    for (String client : List.of(LONDON, SINGAPORE)) {
      assertEquals(List.of("192.0.2.50"), a("api", client), "us-east is not listed: it comes last");
    }

    dns.health.down.clear();
    assertEquals(List.of("198.51.100.50"), a("api", LONDON), "back to the first listed region");
  }

  @Test
  void priorityWithNothingLeftAndFallbackNoneIsNodata() {
    down("198.51.100.50", "203.0.113.50");
    dns.health.drained.add("us-east");
    assertEquals(List.of(), a("api", LONDON));
  }

  @Test
  void fallbackAllAnswersEveryMemberOfTheQueriedFamilyWhenNothingIsUp() {
    assertEquals(
        List.of("198.51.100.60"), addresses(dns.query("fb-all", Type.A, LONDON, 24)), "regions up: no fallback");

    down("198.51.100.60", "2001:db8:20::60", "192.0.2.60", "192.0.2.61");
    assertEquals(List.of("198.51.100.60", "192.0.2.60", "192.0.2.61"), a("fb-all", LONDON));
    assertEquals(List.of("198.51.100.60", "192.0.2.60", "192.0.2.61"), a("fb-all", SINGAPORE));
    assertEquals(List.of("2001:db8:20::60"), aaaa("fb-all", LONDON));
  }

  @Test
  void fallbackNoneAnswersNodataWhenNothingIsUp() {
    down("198.51.100.70", "2001:db8:20::70", "192.0.2.70");
    assertEquals(List.of(), a("fb-none", LONDON));
    assertEquals(List.of(), aaaa("fb-none", SINGAPORE));
  }

  @Test
  void fallbackFixedAnswersTheFixedAddressesOfTheQueriedFamily() {
    dns.health.drained.addAll(List.of("eu-west", "us-east"));
    assertEquals(List.of("203.0.113.99"), a("fb-fixed", LONDON));
    assertEquals(List.of("203.0.113.99"), a("fb-fixed", SINGAPORE));
    assertEquals(List.of("2001:db8::99"), aaaa("fb-fixed", LONDON));

    dns.health.drained.remove("us-east");
    Message reply = dns.query("fb-fixed", Type.A, LONDON, 24);
    assertEquals(List.of("192.0.2.80"), addresses(reply), "a region is up again: no fallback");
  }
}
