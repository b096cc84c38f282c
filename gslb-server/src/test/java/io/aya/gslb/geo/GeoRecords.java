package io.aya.gslb.geo;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Records in the shapes real databases use, for {@link MmdbWriter}. */
final class GeoRecords {
  private GeoRecords() {}

  private static final Map<String, Long> CONTINENT_IDS =
      Map.of("AF", 6255146L, "AS", 6255147L, "EU", 6255148L, "NA", 6255149L, "OC", 6255151L, "SA", 6255150L,
          "AN", 6255152L);

  /** A GeoIP2-City record; {@code city} may be null (country-level location). */
  static Map<String, Object> city(String city, String country, double lat, double lon) {
    Map<String, Object> record = country(country);
    if (city != null) {
      record.put("city", Map.of("geoname_id", MmdbWriter.uint32(Math.abs(city.hashCode())), "names",
          Map.of("en", city)));
    }
    record.put("location", Map.of(
        "accuracy_radius", MmdbWriter.uint16(city == null ? 1000 : 20),
        "latitude", lat,
        "longitude", lon));
    return record;
  }

  /** A GeoIP2-Country record (no location). */
  static Map<String, Object> country(String country) {
    String continent = Countries.continentOf(country);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("continent", Map.of(
        "code", continent,
        "geoname_id", MmdbWriter.uint32(CONTINENT_IDS.get(continent)),
        "names", Map.of("en", continent)));
    Map<String, Object> countryMap = Map.of(
        "geoname_id", MmdbWriter.uint32(1000 + country.charAt(0) * 26L + country.charAt(1)),
        "iso_code", country,
        "names", Map.of("en", country));
    record.put("country", countryMap);
    record.put("registered_country", countryMap);
    return record;
  }

  /** A DB-IP-Lite-style flat record: float coordinates, {@code country_code}, no continent. */
  static Map<String, Object> flat(String country, float lat, float lon, String city) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("country_code", country);
    record.put("latitude", lat);
    record.put("longitude", lon);
    record.put("city", city);
    return record;
  }

  static InetAddress ip(String literal) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
    if (bytes == null) {
      throw new IllegalArgumentException(literal);
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
