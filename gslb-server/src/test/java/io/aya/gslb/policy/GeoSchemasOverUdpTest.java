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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * The other database schemas drive real answers over UDP: GeoIP2-Country (no coordinates: the country's
 * centre) and DB-IP Lite flat records (top-level {@code latitude}, {@code longitude}, {@code country_code}, no
 * continent). Same zone as {@link GeoAnswersOverUdpTest}.
 */
class GeoSchemasOverUdpTest {
  @TempDir static Path countryDir;
  @TempDir static Path flatDir;
  static MmdbGeoLocator countryDb;
  static MmdbGeoLocator flatDb;
  static PolicyDns country;
  static PolicyDns flat;

  @BeforeAll
  static void start() {
    countryDb =
        TestMmdb.geoIp2Country()
            .country("81.2.69.0/24", "GB")
            .country("8.8.4.0/22", "US")
            .country("203.116.0.0/16", "SG")
            .country("2001:67c:2e8::/48", "GB")
            .open(countryDir.resolve("country.mmdb"));
    country = PolicyDns.start(countryDir, countryDb, GeoAnswersOverUdpTest.ZONE);
    flatDb =
        TestMmdb.dbIpLiteFlat()
            .flat("81.2.69.0/24", "GB", 51.51f, -0.13f, "London")
            .flat("8.8.4.0/22", "US", 40.71f, -74.01f, "New York")
            .flat("203.116.0.0/16", "SG", 1.29f, 103.85f, "Singapore")
            .flat("2001:67c:2e8::/48", "GB", 51.51f, -0.13f, "London")
            .open(flatDir.resolve("dbip-city-lite.mmdb"));
    flat = PolicyDns.start(flatDir, flatDb, GeoAnswersOverUdpTest.ZONE);
  }

  @AfterAll
  static void stop() throws IOException {
    country.close();
    flat.close();
    countryDb.close();
    flatDb.close();
  }

  private static void assertAnswer(PolicyDns dns, String name, int type, String client, int source, String address,
      int scope) {
    Message reply = dns.query(name, type, client, source);
    assertEquals(List.of(address), addresses(reply), name + " for " + client);
    assertEquals(scope, scope(reply), name + " for " + client);
  }

  @Test
  void countryDatabasePlacesClientsAtTheirCountrysCentre() {
    assertAnswer(country, "www", Type.A, "81.2.69.0", 24, "198.51.100.10", 24);
    assertAnswer(country, "www", Type.A, "8.8.4.0", 24, "192.0.2.10", 22);
    assertAnswer(country, "www", Type.A, "203.116.7.0", 24, "203.0.113.10", 16);
    assertAnswer(country, "www", Type.AAAA, "2001:67c:2e8:100::", 56, "2001:db8:20::10", 48);
  }

  @Test
  void countryDatabaseDrivesTheGeofenceByContinent() {
    assertAnswer(country, "fenced", Type.A, "81.2.69.0", 24, "198.51.100.20", 24);
    assertAnswer(country, "fenced", Type.A, "8.8.4.0", 24, "192.0.2.99", 22);
  }

  @Test
  void dbIpLiteFlatRecordsDriveTheNearestRegion() {
    assertAnswer(flat, "www", Type.A, "81.2.69.0", 24, "198.51.100.10", 24);
    assertAnswer(flat, "www", Type.A, "8.8.4.0", 24, "192.0.2.10", 22);
    assertAnswer(flat, "www", Type.A, "203.116.7.0", 24, "203.0.113.10", 16);
    assertAnswer(flat, "www", Type.AAAA, "2001:67c:2e8:100::", 56, "2001:db8:20::10", 48);
  }

  @Test
  void dbIpLiteFlatCountryCodeDrivesTheGeofenceWithItsDerivedContinent() {
    assertAnswer(flat, "fenced", Type.A, "81.2.69.0", 24, "198.51.100.20", 24);
    assertAnswer(flat, "fenced", Type.A, "203.116.7.0", 24, "198.51.100.20", 16);
    assertAnswer(flat, "fenced", Type.A, "8.8.4.0", 24, "192.0.2.99", 22);
  }
}
