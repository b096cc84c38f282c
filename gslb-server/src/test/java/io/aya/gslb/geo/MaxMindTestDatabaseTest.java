package io.aya.gslb.geo;

import static io.aya.gslb.geo.GeoRecords.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Checks the reader against MaxMind's own test databases (MaxMind-DB repository, MIT licence). They live in
 * the project's shared data, which a user's clone does not have: only then are these tests skipped.
 */
class MaxMindTestDatabaseTest {
  private static final Path DIR = Path.of("/work/shared/geo");

  private static MmdbGeoLocator open(String name) throws IOException {
    Path file = DIR.resolve(name);
    Assumptions.assumeTrue(Files.exists(file), () -> file + " is absent");
    return MmdbGeoLocator.open(file);
  }

  @Test
  void cityTestDatabaseLocatesTheSlash24sItHolds() throws IOException {
    try (MmdbGeoLocator city = open("GeoIP2-City-Test.mmdb")) {
      assertEquals("GeoIP2-City", city.databaseType());

      ClientLocation gb = city.locate(ip("2.2.3.0"), 24);
      assertEquals("GB", gb.country());
      assertEquals("EU", gb.continent());
      assertEquals(51.75, gb.latitude());
      assertEquals(-1.25, gb.longitude());
      assertEquals("2.2.3.0/24", gb.network());
      assertEquals(24, gb.scopePrefix());

      ClientLocation changchun = city.locate(ip("175.16.199.0"), 24);
      assertEquals("CN", changchun.country());
      assertEquals("AS", changchun.continent());
      assertEquals(43.88, changchun.latitude());
      assertEquals(125.3228, changchun.longitude());

      ClientLocation usCentre = city.locate(ip("149.101.100.0"), 24);
      assertEquals("US", usCentre.country());
      assertEquals("NA", usCentre.continent());
      assertEquals(37.751, usCentre.latitude());
      assertEquals("149.101.100.0/28", usCentre.network());
      assertEquals(24, usCentre.scopePrefix(), "capped at the source prefix");

      ClientLocation california = city.locate(ip("214.78.124.0"), 24);
      assertEquals("US", california.country());
      assertEquals(36.7783, california.latitude());
      assertEquals(-119.4179, california.longitude());
    }
  }

  @Test
  void cityTestDatabaseLocatesIpv6Networks() throws IOException {
    try (MmdbGeoLocator city = open("GeoIP2-City-Test.mmdb")) {
      ClientLocation sanDiego = city.locate(ip("2001:480:10:1200::"), 56);
      assertEquals("US", sanDiego.country());
      assertEquals(32.7203, sanDiego.latitude());
      assertEquals("2001:480:10::/48", sanDiego.network());
      assertEquals(48, sanDiego.scopePrefix());
    }
  }

  @Test
  void londonHostsAreNotInTheCityTestDatabaseAtSlash24() throws IOException {
    try (MmdbGeoLocator city = open("GeoIP2-City-Test.mmdb")) {
      ClientLocation subnet = city.locate(ip("81.2.69.0"), 24);
      assertEquals(ClientLocation.Source.UNKNOWN, subnet.source());
      assertNull(subnet.network());
      assertEquals(24, subnet.scopePrefix(), "81.2.69.0/25 holds no data, but the rest of the /24 does");

      ClientLocation host = city.locate(ip("81.2.69.142"), 32);
      assertEquals("GB", host.country());
      assertEquals(51.5142, host.latitude());
      assertEquals("81.2.69.142/31", host.network());
      assertEquals(31, host.scopePrefix());
    }
  }

  @Test
  void countryTestDatabasePlacesClientsAtTheCountryCentre() throws IOException {
    try (MmdbGeoLocator country = open("GeoIP2-Country-Test.mmdb")) {
      ClientLocation cn = country.locate(ip("175.16.199.0"), 24);
      assertEquals("CN", cn.country());
      assertEquals("AS", cn.continent());
      assertEquals(Countries.latitudeOf("CN"), cn.latitude());
      assertEquals(Countries.longitudeOf("CN"), cn.longitude());
      assertTrue(cn.hasCoordinates());
    }
  }

  @Test
  void geoLite2CityTestDatabaseReadsLikeGeoIp2City() throws IOException {
    try (MmdbGeoLocator lite = open("GeoLite2-City-Test.mmdb")) {
      ClientLocation cn = lite.locate(ip("175.16.199.0"), 24);
      assertEquals("CN", cn.country());
      assertEquals(43.88, cn.latitude());
    }
  }
}
