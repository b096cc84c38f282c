package io.aya.gslb.geo;

import static io.aya.gslb.geo.GeoRecords.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkMapLocatorTest {
  private static NetworkMapLocator map(String... lines) throws GeoDataException {
    return NetworkMapLocator.parse("networks.txt", List.of(lines));
  }

  private static List<String> problems(String... lines) {
    return assertThrows(GeoDataException.class, () -> map(lines)).problems();
  }

  @Test
  void regionEntryPinsItsClientsToTheRegion() throws GeoDataException {
    NetworkMapLocator map = map("10.1.0.0/16 region=eu-west");
    ClientLocation location = map.locate(ip("10.1.2.0"), 24);
    assertEquals(ClientLocation.Source.NETWORK_MAP, location.source());
    assertEquals("eu-west", location.region());
    assertEquals("10.1.0.0/16", location.network());
    assertEquals(16, location.scopePrefix());
    assertFalse(location.hasCoordinates());
    assertNull(location.country());
  }

  @Test
  void coordinatesAndCountryAreTakenAsGiven() throws GeoDataException {
    ClientLocation dublin =
        map("192.168.0.0/16 lat=53.35 lon=-6.26 country=ie").locate(ip("192.168.7.0"), 24);
    assertEquals(53.35, dublin.latitude());
    assertEquals(-6.26, dublin.longitude());
    assertEquals("IE", dublin.country());
    assertEquals("EU", dublin.continent());
    assertNull(dublin.region());
  }

  @Test
  void countryWithoutCoordinatesIsPlacedAtItsCentre() throws GeoDataException {
    ClientLocation sg = map("2001:db8:aa::/48 country=SG").locate(ip("2001:db8:aa:100::"), 56);
    assertEquals(Countries.latitudeOf("SG"), sg.latitude());
    assertEquals("AS", sg.continent());
    assertEquals("2001:db8:aa::/48", sg.network());
    assertEquals(48, sg.scopePrefix());
  }

  @Test
  void longestPrefixWinsAndTheScopeCoversOnlyTheBlockWithTheSameAnswer() throws GeoDataException {
    NetworkMapLocator map = map(
        "10.0.0.0/8 region=us-east",
        "10.1.0.0/16 region=eu-west",
        "10.1.2.0/24 region=ap-southeast");
    assertEquals("ap-southeast", map.locate(ip("10.1.2.0"), 24).region());
    assertEquals(24, map.locate(ip("10.1.2.0"), 24).scopePrefix());

    ClientLocation eu = map.locate(ip("10.1.3.0"), 24);
    assertEquals("eu-west", eu.region());
    assertEquals("10.1.0.0/16", eu.network());
    assertEquals(24, eu.scopePrefix(), "10.1.2.0/24 next door answers differently");

    ClientLocation us = map.locate(ip("10.200.0.0"), 24);
    assertEquals("us-east", us.region());
    assertEquals(9, us.scopePrefix(), "10.128.0.0/9 holds no more specific entry");
  }

  @Test
  void entriesLongerThanTheSourcePrefixDoNotMatch() throws GeoDataException {
    NetworkMapLocator map = map("10.0.0.0/8 region=us-east", "10.1.2.0/28 region=eu-west");
    ClientLocation subnet = map.locate(ip("10.1.2.0"), 24);
    assertEquals("us-east", subnet.region());
    assertEquals(24, subnet.scopePrefix());
    assertEquals("eu-west", map.locate(ip("10.1.2.5"), 32).region());
  }

  @Test
  void addressBitsBeyondTheSourcePrefixAreIgnored() throws GeoDataException {
    NetworkMapLocator map = map("10.1.2.128/25 region=eu-west");
    assertEquals("eu-west", map.locate(ip("10.1.2.200"), 32).region());
    assertEquals(ClientLocation.Source.UNKNOWN, map.locate(ip("10.1.2.200"), 24).source());
  }

  @Test
  void unmatchedClientsGetAnUnknownLocationWithTheScopeOfTheEmptyBlock() throws GeoDataException {
    NetworkMapLocator map = map("10.0.0.0/8 region=us-east");
    ClientLocation outside = map.locate(ip("192.0.2.0"), 24);
    assertEquals(ClientLocation.Source.UNKNOWN, outside.source());
    assertEquals(1, outside.scopePrefix(), "128.0.0.0/1 holds no entry");
    assertSame(ClientLocation.UNKNOWN, map.locate(ip("2001:db8::"), 56), "no IPv6 entries at all");
  }

  @Test
  void ipv6AndIpv4MappedEntriesMatch() throws GeoDataException {
    NetworkMapLocator map = map("::1/128 region=us-east", "::ffff:172.16.0.0/108 region=eu-west");
    assertEquals("us-east", map.locate(ip("::1"), 128).region());
    ClientLocation mapped = map.locate(ip("172.20.1.0"), 24);
    assertEquals("eu-west", mapped.region());
    assertEquals("172.16.0.0/12", mapped.network());
  }

  @Test
  void commentsAndBlankLinesAreIgnored() throws GeoDataException {
    NetworkMapLocator map = map(
        "# private ranges",
        "",
        "   ",
        "10.0.0.0/8   region=us-east   # the lab",
        "\t172.16.0.0/12\tregion=eu-west");
    assertEquals(2, map.size());
    assertEquals("eu-west", map.locate(ip("172.16.0.1"), 32).region());
  }

  @Test
  void everyBadLineIsReportedWithFileAndLine() {
    List<String> problems = problems(
        "10.0.0.0/8 region=us-east",
        "10.1.0.0/33 region=x",
        "10.1.2.3/16 region=x",
        "not-an-ip region=x",
        "10.2.0.0/16",
        "10.3.0.0/16 lat=91 lon=0",
        "10.4.0.0/16 lat=10",
        "10.5.0.0/16 country=XX",
        "10.6.0.0/16 continent=EURO",
        "10.7.0.0/16 colour=blue",
        "10.8.0.0/16 region=a region=b",
        "10.0.0.0/8 region=eu-west",
        "10.9.0.0/16 region=bad/name",
        "10.10.0.0/16 region");
    assertEquals(List.of(
        "networks.txt:2: prefix length: 33 (expected: 0..32)",
        "networks.txt:3: host bits set in 10.1.2.3/16 (did you mean 10.1.0.0/16?)",
        "networks.txt:4: not an IP address: not-an-ip",
        "networks.txt:5: no attributes for 10.2.0.0/16 (expected: region=, lat= lon=, country=, continent=)",
        "networks.txt:6: lat: 91 (expected: -90..90)",
        "networks.txt:7: lat and lon go together (only one is given)",
        "networks.txt:8: country: XX (expected: ISO 3166-1 alpha-2 code)",
        "networks.txt:9: continent: EURO (expected: AF AN AS EU NA OC SA)",
        "networks.txt:10: unknown key: colour (expected: region, lat, lon, country, continent)",
        "networks.txt:11: duplicate key: region",
        "networks.txt:12: duplicate network 10.0.0.0/8 (first on line 1)",
        "networks.txt:13: region: bad/name (expected: letters, digits, '.', '_', '-'; at most 63)",
        "networks.txt:14: expected key=value: region"), problems);
  }

  @Test
  void fileIsReadFromDiskWithItsPathInErrors(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("networks.txt");
    Files.writeString(file, "2001:db8::/32 region=eu-west\n");
    assertEquals("eu-west", NetworkMapLocator.load(file).locate(ip("2001:db8:1::"), 48).region());

    Files.writeString(file, "# header\n2001:db8::/129 region=eu-west\n");
    GeoDataException e = assertThrows(GeoDataException.class, () -> NetworkMapLocator.load(file));
    assertEquals(file + ":2: prefix length: 129 (expected: 0..128)", e.getMessage());
  }

  @Test
  void defaultRouteMatchesEveryClientOfItsFamilyEvenWithSourcePrefixZero() throws GeoDataException {
    NetworkMapLocator map = map("0.0.0.0/0 region=us-east");
    assertEquals("us-east", map.locate(ip("198.51.100.7"), 32).region());
    assertEquals(0, map.locate(ip("198.51.100.7"), 32).scopePrefix());
    assertEquals("us-east", map.locate(ip("0.0.0.0"), 0).region());
    assertEquals(ClientLocation.Source.UNKNOWN, map.locate(ip("2001:db8::"), 48).source());
  }
}
