package io.aya.gslb.geo;

import static io.aya.gslb.geo.GeoRecords.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code geo-data/} is what the default run uses. With {@code -Daya.geo.regenerate=true} this
 * test rewrites {@code geo-data/sample-city.mmdb} from {@link SampleGeoData} first.
 */
class SampleGeoDataTest {
  private static final Path GEO_DATA = SampleGeoData.geoDataDir();

  @Test
  void committedSampleDatabaseIsWhatTheGeneratorWrites() throws IOException {
    if (Boolean.getBoolean("aya.geo.regenerate")) {
      SampleGeoData.write(GEO_DATA);
    }
    assertArrayEquals(
        SampleGeoData.writer().toBytes(),
        Files.readAllBytes(GEO_DATA.resolve(SampleGeoData.FILE_NAME)),
        "geo-data/sample-city.mmdb is stale: regenerate it as geo-data/README.md says");
  }

  @Test
  void sampleDataPlacesDemoClientsOnEveryContinent() throws IOException {
    ReloadableGeoLocator geo =
        GeoLocators.create(GEO_DATA.resolve("sample-city.mmdb"), GEO_DATA.resolve("networks.txt"));
    assertEquals("GeoIP2-City", geo.databaseType());
    assertLocated(geo, "81.2.69.0", 24, "GB", "EU");
    assertLocated(geo, "198.51.100.0", 24, "IE", "EU");
    assertLocated(geo, "175.16.199.0", 24, "CN", "AS");
    assertLocated(geo, "203.0.113.0", 24, "SG", "AS");
    assertLocated(geo, "149.101.100.0", 24, "US", "NA");
    assertLocated(geo, "192.0.2.0", 24, "US", "NA");
    assertLocated(geo, "67.43.156.0", 24, "BT", "AS");
    assertLocated(geo, "2001:db8:1::", 56, "DE", "EU");
    assertLocated(geo, "2001:db8:2::", 56, "US", "NA");
    assertLocated(geo, "2001:db8:3::", 56, "JP", "AS");
    assertLocated(geo, "2001:db8:4::", 56, "AU", "OC");
    assertLocated(geo, "2001:db8:5::", 56, "BR", "SA");
    assertLocated(geo, "2001:db8:6::", 56, "ZA", "AF");
    assertEquals(48, geo.locate(ip("2001:db8:1::"), 56).scopePrefix());
  }

  @Test
  void sampleNetworkMapPinsPrivateRangesToTheSampleRegions() throws IOException {
    ReloadableGeoLocator geo =
        GeoLocators.create(GEO_DATA.resolve("sample-city.mmdb"), GEO_DATA.resolve("networks.txt"));
    assertEquals(6, geo.networkCount());
    assertEquals(java.util.Set.of("us-east", "eu-west", "ap-southeast"), geo.pinnedRegions());
    assertEquals("us-east", geo.locate(ip("127.0.0.1"), 32).region());
    assertEquals("us-east", geo.locate(ip("::1"), 128).region());
    assertEquals("us-east", geo.locate(ip("10.20.30.0"), 24).region());
    assertEquals("eu-west", geo.locate(ip("172.31.0.0"), 24).region());
    assertEquals("ap-southeast", geo.locate(ip("192.168.1.0"), 24).region());
    assertEquals("eu-west", geo.locate(ip("fd12:3456::"), 48).region());
    assertEquals(ClientLocation.Source.NETWORK_MAP, geo.locate(ip("192.168.1.0"), 24).source());
  }

  private static void assertLocated(GeoLocator geo, String address, int prefix, String country, String continent) {
    ClientLocation location = geo.locate(ip(address), prefix);
    assertEquals(country, location.country(), address);
    assertEquals(continent, location.continent(), address);
    assertEquals(ClientLocation.Source.GEOIP, location.source(), address);
  }
}
