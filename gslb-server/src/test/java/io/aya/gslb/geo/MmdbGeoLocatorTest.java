package io.aya.gslb.geo;

import static io.aya.gslb.geo.GeoRecords.city;
import static io.aya.gslb.geo.GeoRecords.country;
import static io.aya.gslb.geo.GeoRecords.flat;
import static io.aya.gslb.geo.GeoRecords.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.CityResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MmdbGeoLocatorTest {
  @TempDir Path dir;

  private MmdbGeoLocator open(MmdbWriter writer) throws IOException {
    Path file = dir.resolve("test-" + System.nanoTime() + ".mmdb");
    writer.write(file);
    return MmdbGeoLocator.open(file);
  }

  private static MmdbWriter cityDatabase(int recordSize) {
    return new MmdbWriter("GeoIP2-City", 6, recordSize)
        .insert("81.2.69.0/24", city("London", "GB", 51.5142, -0.0931))
        .insert("10.20.0.0/16", city("Dublin", "IE", 53.35, -6.26))
        .insert("10.20.30.16/28", city("Cork", "IE", 51.90, -8.47))
        .insert("10.30.0.0/16", city("Galway", "IE", 53.27, -9.05))
        .insert("175.16.199.0/24", city("Changchun", "CN", 43.88, 125.3228))
        .insert("2001:db8:1::/48", city("Frankfurt am Main", "DE", 50.11, 8.68));
  }

  @ParameterizedTest
  @ValueSource(ints = {24, 28, 32})
  void cityRecordGivesCoordinatesCountryAndContinentWithEveryRecordSize(int recordSize) throws IOException {
    try (MmdbGeoLocator locator = open(cityDatabase(recordSize))) {
      ClientLocation london = locator.locate(ip("81.2.69.0"), 24);
      assertEquals(ClientLocation.Source.GEOIP, london.source());
      assertEquals("GB", london.country());
      assertEquals("EU", london.continent());
      assertEquals(51.5142, london.latitude());
      assertEquals(-0.0931, london.longitude());
      assertNull(london.region());

      ClientLocation changchun = locator.locate(ip("175.16.199.0"), 24);
      assertEquals("CN", changchun.country());
      assertEquals("AS", changchun.continent());
      assertEquals(43.88, changchun.latitude());
    }
  }

  @Test
  void ipv4ClientInIpv6DatabaseGetsIpv4NetworkAndScope() throws IOException {
    try (MmdbGeoLocator locator = open(cityDatabase(28))) {
      ClientLocation london = locator.locate(ip("81.2.69.0"), 24);
      assertEquals("81.2.69.0/24", london.network());
      assertEquals(24, london.scopePrefix());
    }
  }

  @Test
  void scopeIsTheMatchedNetworkWhenShorterThanTheSourcePrefix() throws IOException {
    try (MmdbGeoLocator locator = open(cityDatabase(28))) {
      ClientLocation galway = locator.locate(ip("10.30.99.0"), 24);
      assertEquals(53.27, galway.latitude());
      assertEquals("10.30.0.0/16", galway.network());
      assertEquals(16, galway.scopePrefix());
    }
  }

  @Test
  void scopeOfANetworkWithANestedNetworkIsThePartThatHoldsNoOtherData() throws IOException {
    try (MmdbGeoLocator locator = open(cityDatabase(28))) {
      // MMDB trees hold disjoint networks: Cork's /28 splits Dublin's /16, so 10.20.99.0 is in 10.20.64.0/18.
      ClientLocation dublin = locator.locate(ip("10.20.99.0"), 24);
      assertEquals(53.35, dublin.latitude());
      assertEquals("10.20.64.0/18", dublin.network());
      assertEquals(18, dublin.scopePrefix());
    }
  }

  @Test
  void scopeIsCappedAtTheSourcePrefixWhenTheMatchedNetworkIsLonger() throws IOException {
    try (MmdbGeoLocator locator = open(cityDatabase(28))) {
      ClientLocation cork = locator.locate(ip("10.20.30.16"), 28);
      assertEquals(51.90, cork.latitude());
      assertEquals(28, cork.scopePrefix());

      ClientLocation host = locator.locate(ip("10.20.30.17"), 32);
      assertEquals("10.20.30.16/28", host.network());
      assertEquals(28, host.scopePrefix());

      ClientLocation subnet = locator.locate(ip("10.20.30.16"), 26);
      assertEquals(26, subnet.scopePrefix(), "never longer than the source prefix");
    }
  }

  @Test
  void addressIsMaskedToTheSourcePrefixBeforeTheLookup() throws IOException {
    try (MmdbGeoLocator locator = open(cityDatabase(28))) {
      // 10.20.30.17 is in Cork's /28, but a /24 source prefix means only 10.20.30.0/24 is known.
      ClientLocation masked = locator.locate(ip("10.20.30.17"), 24);
      assertEquals(53.35, masked.latitude());
      assertEquals("10.20.30.0/28", masked.network());
      assertEquals(24, masked.scopePrefix());
    }
  }

  @Test
  void ipv6ClientGetsTheMatchedSlash48() throws IOException {
    try (MmdbGeoLocator locator = open(cityDatabase(28))) {
      ClientLocation frankfurt = locator.locate(ip("2001:db8:1:ab00::"), 56);
      assertEquals("DE", frankfurt.country());
      assertEquals("2001:db8:1::/48", frankfurt.network());
      assertEquals(48, frankfurt.scopePrefix());

      ClientLocation truncated = locator.locate(ip("2001:db8:1::"), 40);
      assertEquals(ClientLocation.Source.UNKNOWN, truncated.source(), "a /40 covers more than the /48");
    }
  }

  @Test
  void unknownAddressGetsTheScopeOfTheEmptyBlockAroundIt() throws IOException {
    try (MmdbGeoLocator locator = open(new MmdbWriter("Test", 6, 28)
        .insert("81.2.69.0/24", city("London", "GB", 51.5, -0.1)))) {
      // 8.0.0.0 = 00001000 and 81.0.0.0 = 01010001 part at the second bit: 0.0.0.0/2 holds no data.
      ClientLocation unknown = locator.locate(ip("8.8.8.0"), 24);
      assertEquals(ClientLocation.Source.UNKNOWN, unknown.source());
      assertFalse(unknown.hasCoordinates());
      assertNull(unknown.network());
      assertEquals(2, unknown.scopePrefix());

      ClientLocation neighbour = locator.locate(ip("81.2.68.0"), 24);
      assertEquals(24, neighbour.scopePrefix(), "81.2.68.0/24 is empty, but its /23 is not");
    }
  }

  @Test
  void registeredCountryIsUsedWhenTheRecordHasNoCountry() throws IOException {
    Map<String, Object> record = Map.of(
        "registered_country", Map.of("iso_code", "NL"),
        "traits", Map.of("is_anycast", true));
    try (MmdbGeoLocator locator = open(new MmdbWriter("GeoIP2-City", 6, 24).insert("192.0.2.0/24", record))) {
      ClientLocation location = locator.locate(ip("192.0.2.0"), 24);
      assertEquals("NL", location.country());
      assertEquals("EU", location.continent());
      assertEquals(Countries.latitudeOf("NL"), location.latitude());
    }
  }

  @Test
  void countryDatabaseRecordIsPlacedAtTheCountryCentre() throws IOException {
    try (MmdbGeoLocator locator = open(new MmdbWriter("GeoLite2-Country", 4, 24)
        .insert("203.0.113.0/24", country("AU")))) {
      assertEquals("GeoLite2-Country", locator.databaseType());
      ClientLocation location = locator.locate(ip("203.0.113.0"), 24);
      assertEquals("AU", location.country());
      assertEquals("OC", location.continent());
      assertEquals(Countries.latitudeOf("AU"), location.latitude());
      assertEquals(Countries.longitudeOf("AU"), location.longitude());
      assertTrue(location.latitude() < -20 && location.longitude() > 120, "somewhere in Australia");
    }
  }

  @Test
  void flatDbIpRecordGivesFloatCoordinatesAndDerivedContinent() throws IOException {
    try (MmdbGeoLocator locator = open(new MmdbWriter("DBIP-City-Lite", 6, 24)
        .insert("198.51.100.0/24", flat("BR", -23.5505f, -46.6333f, "Sao Paulo"))
        .insert("2001:db8:9::/48", flat("KE", -1.2864f, 36.8172f, "Nairobi")))) {
      ClientLocation saoPaulo = locator.locate(ip("198.51.100.0"), 24);
      assertEquals("BR", saoPaulo.country());
      assertEquals("SA", saoPaulo.continent());
      assertEquals(-23.5505, saoPaulo.latitude(), 1e-4);
      assertEquals(-46.6333, saoPaulo.longitude(), 1e-4);

      ClientLocation nairobi = locator.locate(ip("2001:db8:9::"), 56);
      assertEquals("AF", nairobi.continent());
      assertEquals(48, nairobi.scopePrefix());
    }
  }

  @Test
  void flatRecordWithContinentCodeKeepsIt() throws IOException {
    Map<String, Object> record = Map.of(
        "country_code", "TR", "continent_code", "EU", "latitude", 41.01, "longitude", 28.97);
    try (MmdbGeoLocator locator = open(new MmdbWriter("flat", 4, 24).insert("192.0.2.0/24", record))) {
      assertEquals("EU", locator.locate(ip("192.0.2.0"), 24).continent());
    }
  }

  @Test
  void recordWithNeitherCountryNorCoordinatesIsUnknown() throws IOException {
    try (MmdbGeoLocator locator = open(new MmdbWriter("GeoIP2-City", 6, 24)
        .insert("214.1.1.0/24", Map.of("traits", Map.of("is_anycast", true))))) {
      ClientLocation location = locator.locate(ip("214.1.1.0"), 24);
      assertEquals(ClientLocation.Source.UNKNOWN, location.source());
      assertEquals(24, location.scopePrefix());
    }
  }

  @Test
  void outOfRangeCoordinatesFallBackToTheCountryCentre() throws IOException {
    Map<String, Object> record = Map.of("country_code", "FR", "latitude", 123.0, "longitude", 2.0);
    try (MmdbGeoLocator locator = open(new MmdbWriter("flat", 4, 24).insert("192.0.2.0/24", record))) {
      assertEquals(Countries.latitudeOf("FR"), locator.locate(ip("192.0.2.0"), 24).latitude());
    }
  }

  @Test
  void ipv6ClientOfAnIpv4OnlyDatabaseIsUnknown() throws IOException {
    try (MmdbGeoLocator locator = open(new MmdbWriter("v4", 4, 24)
        .insert("192.0.2.0/24", city("Ashburn", "US", 39.04, -77.49)))) {
      assertEquals("US", locator.locate(ip("192.0.2.0"), 24).country());
      assertSame(ClientLocation.UNKNOWN, locator.locate(ip("2001:db8::"), 56));
    }
  }

  @Test
  void sourcePrefixZeroLocatesNobody() throws IOException {
    try (MmdbGeoLocator locator = open(new MmdbWriter("all", 6, 24)
        .insert("0.0.0.0/0", country("US")))) {
      assertEquals("US", locator.locate(ip("192.0.2.0"), 24).country());
      assertSame(ClientLocation.UNKNOWN, locator.locate(ip("192.0.2.0"), 0));
    }
  }

  @Test
  void fileThatIsNotAnMmdbIsRejectedWithItsName() throws IOException {
    Path junk = dir.resolve("junk.mmdb");
    Files.writeString(junk, "not a database");
    GeoDataException e = assertThrows(GeoDataException.class, () -> MmdbGeoLocator.open(junk));
    assertTrue(e.getMessage().startsWith(junk + ": not a MaxMind DB file"), e.getMessage());

    Path missing = dir.resolve("missing.mmdb");
    assertEquals(missing + ": no such file",
        assertThrows(GeoDataException.class, () -> MmdbGeoLocator.open(missing)).getMessage());
  }

  @Test
  void writerOutputReadsWithMaxMindsGeoIp2Reader() throws Exception {
    Path file = dir.resolve("city.mmdb");
    cityDatabase(28).language("en").write(file);
    try (DatabaseReader reader = new DatabaseReader.Builder(file.toFile()).build()) {
      CityResponse london = reader.city(ip("81.2.69.1"));
      assertEquals("London", london.getCity().getName());
      assertEquals("GB", london.getCountry().getIsoCode());
      assertEquals("EU", london.getContinent().getCode());
      assertEquals(51.5142, london.getLocation().getLatitude());
      assertEquals(20, london.getLocation().getAccuracyRadius());
      assertEquals(24, london.getTraits().getNetwork().getPrefixLength());
      assertEquals("GeoIP2-City", reader.getMetadata().getDatabaseType());

      CityResponse cork = reader.city(ip("10.20.30.20"));
      assertEquals("Cork", cork.getCity().getName());
      assertEquals(28, cork.getTraits().getNetwork().getPrefixLength());
    }
  }
}
