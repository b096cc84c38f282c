package io.aya.gslb.geo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Test databases for other packages' tests: MaxMind DB files in the record shapes real databases use
 * ({@link GeoRecords}), written by {@link MmdbWriter} and opened with the production {@link MmdbGeoLocator}.
 * Not thread-safe while building.
 */
public final class TestMmdb {
  private final MmdbWriter writer;

  private TestMmdb(String databaseType) {
    this.writer = new MmdbWriter(databaseType, 6, 28);
  }

  /** A GeoIP2-City database: {@code location.latitude/longitude}, {@code country}, {@code continent}. */
  public static TestMmdb geoIp2City() {
    return new TestMmdb("GeoIP2-City");
  }

  /** A GeoIP2-Country database: {@code country}, {@code continent}, no location. */
  public static TestMmdb geoIp2Country() {
    return new TestMmdb("GeoIP2-Country");
  }

  /** A DB-IP-Lite flat database: top-level {@code latitude}, {@code longitude}, {@code country_code}. */
  public static TestMmdb dbIpLiteFlat() {
    return new TestMmdb("DBIP-City-Lite");
  }

  /** A GeoIP2-City record for {@code cidr} ({@code 81.2.69.0/24}, {@code 2001:db8::/32}). */
  public TestMmdb city(String cidr, String city, String country, double latitude, double longitude) {
    writer.insert(cidr, GeoRecords.city(city, country, latitude, longitude));
    return this;
  }

  /** A GeoIP2-Country record for {@code cidr}. */
  public TestMmdb country(String cidr, String country) {
    writer.insert(cidr, GeoRecords.country(country));
    return this;
  }

  /** A flat DB-IP-Lite record for {@code cidr} (float coordinates, {@code country_code}, no continent). */
  public TestMmdb flat(String cidr, String country, float latitude, float longitude, String city) {
    writer.insert(cidr, GeoRecords.flat(country, latitude, longitude, city));
    return this;
  }

  /** Writes the database to {@code file} and opens it. */
  public MmdbGeoLocator open(Path file) {
    try {
      writer.write(file);
      return MmdbGeoLocator.open(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
