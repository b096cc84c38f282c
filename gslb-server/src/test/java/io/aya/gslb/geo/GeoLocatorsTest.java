package io.aya.gslb.geo;

import static io.aya.gslb.geo.GeoRecords.city;
import static io.aya.gslb.geo.GeoRecords.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoLocatorsTest {
  @TempDir Path dir;
  Path mmdb;
  Path networks;

  @BeforeEach
  void files() throws IOException {
    mmdb = dir.resolve("city.mmdb");
    new MmdbWriter("GeoIP2-City", 6, 28)
        .insert("81.2.69.0/24", city("London", "GB", 51.5142, -0.0931))
        .insert("198.51.100.0/24", city("Dublin", "IE", 53.35, -6.26))
        .insert("203.0.113.0/24", city("Singapore", "SG", 1.29, 103.85))
        .write(mmdb);
    networks = dir.resolve("networks.txt");
    Files.writeString(networks, String.join("\n",
        "10.0.0.0/8 region=us-east lat=39.04 lon=-77.49 country=US",
        "81.2.69.128/25 region=eu-west",
        "203.0.113.0/24 lat=35.68 lon=139.69 country=JP",
        ""));
  }

  @Test
  void networkMapOverridesTheDatabase() throws IOException {
    GeoLocator geo = GeoLocators.create(mmdb, networks);
    ClientLocation tokyo = geo.locate(ip("203.0.113.0"), 24);
    assertEquals(ClientLocation.Source.NETWORK_MAP, tokyo.source());
    assertEquals("JP", tokyo.country());
    assertEquals(35.68, tokyo.latitude());

    ClientLocation lab = geo.locate(ip("10.1.1.0"), 24);
    assertEquals("us-east", lab.region());
    assertEquals(39.04, lab.latitude());
  }

  @Test
  void regionOnlyEntryTakesCountryAndCoordinatesFromTheDatabase() throws IOException {
    ClientLocation pinned = GeoLocators.create(mmdb, networks).locate(ip("81.2.69.200"), 32);
    assertEquals(ClientLocation.Source.NETWORK_MAP, pinned.source());
    assertEquals("eu-west", pinned.region());
    assertEquals("GB", pinned.country());
    assertEquals("EU", pinned.continent());
    assertEquals(51.5142, pinned.latitude());
    assertEquals("81.2.69.128/25", pinned.network());
    assertEquals(25, pinned.scopePrefix());
  }

  @Test
  void databaseAnswersWhereTheMapHasNoEntryWithAScopeThatExcludesMapEntries() throws IOException {
    GeoLocator geo = GeoLocators.create(mmdb, networks);
    ClientLocation london = geo.locate(ip("81.2.69.0"), 24);
    assertEquals(ClientLocation.Source.GEOIP, london.source());
    assertNull(london.region());
    assertEquals("81.2.69.0/24", london.network());
    assertEquals(24, london.scopePrefix(), "the pinned /25 is longer than the source prefix: it does not count");

    ClientLocation host = geo.locate(ip("81.2.69.5"), 32);
    assertEquals(ClientLocation.Source.GEOIP, host.source());
    assertEquals(25, host.scopePrefix(), "81.2.69.128/25 is pinned: the answer holds for the lower /25 only");

    ClientLocation dublin = geo.locate(ip("198.51.100.0"), 24);
    assertEquals("IE", dublin.country());
    assertEquals(24, dublin.scopePrefix());
  }

  @Test
  void clientKnownToNeitherIsUnknown() throws IOException {
    ClientLocation nowhere = GeoLocators.create(mmdb, networks).locate(ip("192.0.2.0"), 24);
    assertEquals(ClientLocation.Source.UNKNOWN, nowhere.source());
    assertFalse(nowhere.hasCoordinates());
    assertTrue(nowhere.scopePrefix() > 0, "an unknown answer must not be cached for every client");
  }

  @Test
  void eitherFileAlone() throws IOException {
    assertEquals("GB", GeoLocators.create(mmdb, null).locate(ip("81.2.69.0"), 24).country());
    assertNull(GeoLocators.create(mmdb, null).networks());
    ReloadableGeoLocator mapOnly = GeoLocators.create(null, networks);
    assertEquals("us-east", mapOnly.locate(ip("10.0.0.1"), 32).region());
    assertNull(mapOnly.databaseType());
    assertEquals(3, mapOnly.networkCount());
  }

  @Test
  void noFilesLocateNobody() throws IOException {
    assertSame(ClientLocation.UNKNOWN, GeoLocators.create(null, null).locate(ip("81.2.69.0"), 24));
  }

  @Test
  void missingOrBadFileFailsCreationWithTheFileName() throws IOException {
    Path missing = dir.resolve("nope.mmdb");
    assertEquals(missing + ": no such file",
        assertThrows(GeoDataException.class, () -> GeoLocators.create(missing, networks)).getMessage());
    Files.writeString(networks, "10.0.0.0/8 region=\n");
    assertEquals(networks + ":1: expected key=value: region=",
        assertThrows(GeoDataException.class, () -> GeoLocators.create(mmdb, networks)).getMessage());
  }

  @Test
  void reloadPicksUpNewFilesAndStartsAFreshCache() throws IOException {
    ReloadableGeoLocator geo = GeoLocators.create(mmdb, networks);
    assertEquals("us-east", geo.locate(ip("10.1.1.0"), 24).region());
    assertEquals("GB", geo.locate(ip("81.2.69.0"), 24).country());
    assertEquals(1, geo.cacheHits() + geo.cacheMisses() - 1);

    Files.writeString(networks, "10.0.0.0/8 region=ap-southeast\n");
    Path next = dir.resolve("city.mmdb.new");
    new MmdbWriter("GeoLite2-City", 6, 24).insert("81.2.69.0/24", city("Paris", "FR", 48.85, 2.35)).write(next);
    Files.move(next, mmdb, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    geo.reload();

    assertEquals("ap-southeast", geo.locate(ip("10.1.1.0"), 24).region());
    assertEquals("FR", geo.locate(ip("81.2.69.0"), 24).country());
    assertEquals("GeoLite2-City", geo.databaseType());
    assertEquals(1, geo.networkCount());
  }

  @Test
  void badReloadKeepsTheRunningData() throws IOException {
    ReloadableGeoLocator geo = GeoLocators.create(mmdb, networks);
    Files.writeString(networks, "10.0.0.0/8 region=ap-southeast\n10.0.0.0/33 region=x\n");
    GeoDataException e = assertThrows(GeoDataException.class, geo::reload);
    assertEquals(networks + ":2: prefix length: 33 (expected: 0..32)", e.getMessage());
    assertEquals("us-east", geo.locate(ip("10.1.1.0"), 24).region());
    assertEquals(3, geo.networkCount());
  }

  @Test
  void reloadIfChangedReloadsOnlyChangedFiles() throws IOException {
    ReloadableGeoLocator geo = GeoLocators.create(mmdb, networks);
    assertFalse(geo.reloadIfChanged());

    Files.writeString(networks, "10.0.0.0/8 region=eu-west\n");
    Files.setLastModifiedTime(networks, FileTime.from(Instant.now().plusSeconds(5)));
    assertTrue(geo.reloadIfChanged());
    assertEquals("eu-west", geo.locate(ip("10.1.1.0"), 24).region());
    assertFalse(geo.reloadIfChanged());
  }

  @Test
  void cacheCapacityIsChecked() {
    assertEquals("cacheCapacity: 0 (expected: 1..16777216)",
        assertThrows(IllegalArgumentException.class, () -> GeoLocators.create(null, null, 0)).getMessage());
  }
}
