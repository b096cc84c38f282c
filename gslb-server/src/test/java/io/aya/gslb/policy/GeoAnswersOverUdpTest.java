package io.aya.gslb.policy;

import static io.aya.gslb.policy.PolicyDns.addresses;
import static io.aya.gslb.policy.PolicyDns.scope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.gslb.geo.GeoLocator;
import io.aya.gslb.geo.MmdbGeoLocator;
import io.aya.gslb.geo.TestMmdb;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Geo answers over real UDP: a GeoIP2-City database, a zone file, the policy engine and the DNS server, queried
 * with ECS (RFC 7871) for IPv4 and IPv6 clients. Every name here has one address per region and family, so
 * the ECS scope shows what the location decided, not a member choice.
 */
class GeoAnswersOverUdpTest {
  static final String ZONE =
      """
      www     30 IN GSLB us-east       192.0.2.10 2001:db8:10::10 check=web
      www     30 IN GSLB eu-west       198.51.100.10 2001:db8:20::10 check=web
      www     30 IN GSLB ap-southeast  203.0.113.10 check=web
      $POLICY www geo fallback=all

      fenced  30 IN GSLB eu-west       198.51.100.20 check=web
      fenced  30 IN GSLB us-east       192.0.2.20 2001:db8:10::20 check=web
      $POLICY fenced geo geofence=EU,sg fallback=192.0.2.99,2001:db8::99

      americas 30 IN GSLB us-east      192.0.2.40
      $POLICY americas geo geofence=continent:NA,continent:sa fallback=192.0.2.99

      namibia 30 IN GSLB eu-west       198.51.100.50
      $POLICY namibia geo geofence=Country:NA fallback=192.0.2.99

      api     30 IN GSLB us-east       192.0.2.30
      api     30 IN GSLB eu-west       198.51.100.30
      $POLICY api priority=eu-west,us-east
      """;

  @TempDir static Path dir;
  static MmdbGeoLocator geo;
  static PolicyDns dns;

  @BeforeAll
  static void start() {
    geo =
        TestMmdb.geoIp2City()
            .city("81.2.69.0/24", "London", "GB", 51.51, -0.13)
            .city("8.8.4.0/22", "New York", "US", 40.71, -74.01)
            .city("203.116.0.0/16", "Singapore", "SG", 1.29, 103.85)
            .city("89.160.20.0/25", "Paris", "FR", 48.85, 2.35)
            .city("41.182.0.0/16", "Windhoek", "NA", -22.56, 17.08)
            .city("2.88.0.0/16", "Riyadh", "SA", 24.71, 46.68)
            .city("200.160.0.0/16", "Sao Paulo", "BR", -23.55, -46.63)
            .city("2001:67c:2e8::/48", "London", "GB", 51.51, -0.13)
            .city("2600:1f18::/32", "New York", "US", 40.71, -74.01)
            .city("2406:3003::/32", "Singapore", "SG", 1.29, 103.85)
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

  @Test
  void londonNewYorkAndSingaporeClientsGetTheirNearestRegionWithTheirNetworksScope() {
    Message london = dns.query("www", Type.A, "81.2.69.0", 24);
    assertEquals(List.of("198.51.100.10"), addresses(london));
    assertEquals(24, scope(london));

    Message newYork = dns.query("www", Type.A, "8.8.4.0", 24);
    assertEquals(List.of("192.0.2.10"), addresses(newYork));
    assertEquals(22, scope(newYork), "the database network is a /22");

    Message singapore = dns.query("www", Type.A, "203.116.7.0", 24);
    assertEquals(List.of("203.0.113.10"), addresses(singapore));
    assertEquals(16, scope(singapore), "the database network is a /16");
  }

  @Test
  void ipv4MappedClientSubnetInFamilyTwoIsLocatedAsIpv4AndScopedInIpv6Bits() throws IOException {
    // ::ffff:81.2.69.0/120 is London's /24 written as IPv6: located as 81.2.69.0/24, scope 96 + 24
    byte[] option = new byte[4 + 15];
    option[1] = 2;
    option[2] = (byte) 120;
    option[14] = (byte) 0xFF;
    option[15] = (byte) 0xFF;
    option[16] = 81;
    option[17] = 2;
    option[18] = 69;
    Message q = Message.newQuery(Record.newRecord(Fixtures.name("www.example.com."), Type.A, DClass.IN));
    q.addRecord(
        new OPTRecord(1232, 0, 0, 0, List.of(new GenericEDNSOption(8, option))), Section.ADDITIONAL);
    byte[] reply = exchange(q.toWire());
    assertEquals(0, reply[3] & 0xF, "rcode");
    assertTrue(contains(reply, new byte[] {(byte) 198, 51, 100, 10}), "London's answer 198.51.100.10");
    byte[] echoed = Arrays.copyOfRange(reply, reply.length - option.length - 4, reply.length);
    assertEquals(8, echoed[1], "the reply ends with the ECS option");
    assertEquals(2, echoed[5], "family");
    assertEquals(120, echoed[6] & 0xFF, "source prefix");
    assertEquals(120, echoed[7] & 0xFF, "scope: the /24 that decided, in IPv6 bits");
  }

  private static byte[] exchange(byte[] query) throws IOException {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      socket.setSoTimeout(3000);
      socket.send(new DatagramPacket(query, query.length, dns.address()));
      byte[] buf = new byte[4096];
      DatagramPacket in = new DatagramPacket(buf, buf.length);
      socket.receive(in);
      return Arrays.copyOf(buf, in.getLength());
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Test
  void scopeIsNeverLongerThanTheSourcePrefix() {
    // Paris is a /25 in the database: a /24 client subnet gets scope 24, a full address 25
    Message subnet = dns.query("www", Type.A, "89.160.20.0", 24);
    assertEquals(List.of("198.51.100.10"), addresses(subnet));
    assertEquals(24, scope(subnet));

    Message host = dns.query("www", Type.A, "89.160.20.5", 32);
    assertEquals(List.of("198.51.100.10"), addresses(host));
    assertEquals(25, scope(host));

    Message london = dns.query("www", Type.A, "81.2.69.77", 32);
    assertEquals(24, scope(london), "a full address in a /24 network is answered for the /24");
  }

  @Test
  void answerThatDoesNotDependOnTheClientHasScopeZero() {
    for (String client : List.of("81.2.69.0", "203.116.7.0", "192.0.2.0")) {
      Message api = dns.query("api", Type.A, client, 24);
      assertEquals(List.of("198.51.100.30"), addresses(api), client);
      assertEquals(0, scope(api), client);
    }

    // nothing up: fallback=all answers every member whoever asks
    dns.health.drained.addAll(List.of("us-east", "eu-west", "ap-southeast"));
    Message fallback = dns.query("www", Type.A, "81.2.69.0", 24);
    assertEquals(List.of("192.0.2.10", "198.51.100.10", "203.0.113.10"), addresses(fallback));
    assertEquals(0, scope(fallback));
  }

  @Test
  void geofenceGivesARegionOnlyToListedCountriesAndContinents() {
    Message london = dns.query("fenced", Type.A, "81.2.69.0", 24);
    assertEquals(List.of("198.51.100.20"), addresses(london), "GB is in EU");
    assertEquals(24, scope(london));

    assertEquals(List.of("198.51.100.20"), addresses(dns.query("fenced", Type.A, "89.160.20.0", 24)), "FR is in EU");

    Message singapore = dns.query("fenced", Type.A, "203.116.7.0", 24);
    assertEquals(List.of("198.51.100.20"), addresses(singapore), "SG is listed; eu-west is its nearest region");
    assertEquals(16, scope(singapore));

    Message newYork = dns.query("fenced", Type.A, "8.8.4.0", 24);
    assertEquals(List.of("192.0.2.99"), addresses(newYork), "US is outside the fence: the fixed fallback");
    assertEquals(22, scope(newYork), "the fallback depends on where the client is");

    Message newYorkV6 = dns.query("fenced", Type.AAAA, "2600:1f18:1:2::", 56);
    assertEquals(List.of("2001:db8::99"), addresses(newYorkV6));
    assertEquals(32, scope(newYorkV6));

    Message londonV6 = dns.query("fenced", Type.AAAA, "2001:67c:2e8:1::", 56);
    assertEquals(List.of("2001:db8:10::20"), addresses(londonV6), "only us-east has IPv6 members");
  }

  @Test
  void geofenceOfContinentsThatShareTheirCodeWithCountriesLetsOnlyThoseContinentsIn() {
    assertEquals(List.of("192.0.2.40"), addresses(dns.query("americas", Type.A, "8.8.4.0", 24)), "US is in NA");
    assertEquals(List.of("192.0.2.40"), addresses(dns.query("americas", Type.A, "200.160.1.0", 24)), "BR is in SA");
    assertEquals(List.of("192.0.2.99"), addresses(dns.query("americas", Type.A, "41.182.1.0", 24)),
        "Namibia (country NA) is in Africa, not in North America");
    assertEquals(List.of("192.0.2.99"), addresses(dns.query("americas", Type.A, "2.88.1.0", 24)),
        "Saudi Arabia (country SA) is in Asia, not in South America");

    assertEquals(List.of("198.51.100.50"), addresses(dns.query("namibia", Type.A, "41.182.1.0", 24)));
    assertEquals(List.of("192.0.2.99"), addresses(dns.query("namibia", Type.A, "8.8.4.0", 24)),
        "country:NA is Namibia, not North America");
  }

  @Test
  void unknownClientGetsZoneOrderOrTheFenceFallbackWithTheScopeOfItsEmptyBlock() {
    int emptyBlock = geo.locate(Fixtures.ip("192.0.2.0"), 24).scopePrefix();
    assertTrue(emptyBlock > 0 && emptyBlock <= 24, "empty block /" + emptyBlock);

    Message www = dns.query("www", Type.A, "192.0.2.0", 24);
    assertEquals(List.of("192.0.2.10"), addresses(www), "no coordinates: the first region in zone order");
    assertEquals(emptyBlock, scope(www), "not reusable for the located clients next to it");

    Message fenced = dns.query("fenced", Type.A, "192.0.2.0", 24);
    assertEquals(List.of("192.0.2.99"), addresses(fenced), "an unknown client is outside every fence");
    assertEquals(emptyBlock, scope(fenced));
  }

  @Test
  void clientOfALocatorWithNoDataAtAllGetsZoneOrderWithScopeZero(@TempDir Path other) {
    try (PolicyDns blind = PolicyDns.start(other, GeoLocator.NONE, ZONE)) {
      for (String client : List.of("81.2.69.0", "8.8.4.0")) {
        Message www = blind.query("www", Type.A, client, 24);
        assertEquals(List.of("192.0.2.10"), addresses(www), client);
        assertEquals(0, scope(www), "every client gets this answer");

        Message fenced = blind.query("fenced", Type.A, client, 24);
        assertEquals(List.of("192.0.2.99"), addresses(fenced), client);
        assertEquals(0, scope(fenced));
      }
    }
  }

  @Test
  void ipv6ClientsInEcsFamilyTwoGetAaaaFromTheirNearestRegionWithIpv6Members() {
    Message london = dns.query("www", Type.AAAA, "2001:67c:2e8:1::", 56);
    assertEquals(List.of("2001:db8:20::10"), addresses(london));
    assertEquals(48, scope(london));

    // ap-southeast has no IPv6 member: Singapore's AAAA comes from the nearest region that has one
    Message singapore = dns.query("www", Type.AAAA, "2406:3003:5::", 48);
    assertEquals(List.of("2001:db8:20::10"), addresses(singapore));
    assertEquals(32, scope(singapore));

    Message newYork = dns.query("www", Type.AAAA, "2600:1f18:1:2::", 64);
    assertEquals(List.of("2001:db8:10::10"), addresses(newYork));
    assertEquals(32, scope(newYork));

    // an IPv6 client asking for A gets the IPv4 member of its nearest region
    Message londonA = dns.query("www", Type.A, "2001:67c:2e8:1::", 56);
    assertEquals(List.of("198.51.100.10"), addresses(londonA));
    assertEquals(48, scope(londonA));
  }

  @Test
  void downIpv6MemberMovesAaaaButNotAToTheNextRegion() {
    dns.health.down.add(Fixtures.key("2001:db8:20::10"));
    assertEquals(List.of("2001:db8:10::10"), addresses(dns.query("www", Type.AAAA, "2001:67c:2e8:1::", 56)));
    assertEquals(List.of("198.51.100.10"), addresses(dns.query("www", Type.A, "2001:67c:2e8:1::", 56)));
  }
}
