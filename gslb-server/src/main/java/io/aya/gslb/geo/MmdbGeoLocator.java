package io.aya.gslb.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Metadata;
import com.maxmind.db.Network;
import com.maxmind.db.Reader;
import java.io.Closeable;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locates clients with a MaxMind DB file (MMDB), read with MaxMind's {@link Reader} (memory-mapped).
 *
 * <p>Understood schemas, detected per record:
 *
 * <ul>
 *   <li>GeoIP2 / GeoLite2 City (and DB-IP's GeoIP2-compatible files): {@code location.latitude/longitude},
 *       {@code country.iso_code} (else {@code registered_country.iso_code}), {@code continent.code};
 *   <li>GeoIP2 / GeoLite2 Country: the same without {@code location}: the country's centre is used;
 *   <li>flat schemas (DB-IP Lite city flat, ipinfo-style): top-level {@code latitude}, {@code longitude},
 *       {@code country_code}, {@code continent_code}.
 * </ul>
 *
 * A missing continent is derived from the country, missing coordinates from the country's centre
 * ({@link Countries}). A record with neither a country nor coordinates counts as no match.
 *
 * <p>The scope of an answer is the prefix length of the database network that matched (IPv4-relative for IPv4
 * clients, also in IPv6 databases that hold IPv4 under {@code ::/96}), capped at the source prefix; the
 * {@code network} is that network in CIDR form. MMDB trees hold disjoint networks, so the scope is exact,
 * also for addresses the database does not know.
 *
 * <p>Thread-safe. A lookup decodes the record (the reader caches decoded data by offset): put a
 * {@link CachingGeoLocator} in front on the query path.
 */
public final class MmdbGeoLocator implements GeoLocator, Closeable {
  private static final Logger log = LoggerFactory.getLogger(MmdbGeoLocator.class);

  private final Path file;
  private final Reader reader;
  private final boolean ipv4Only;

  private MmdbGeoLocator(Path file, Reader reader) {
    this.file = file;
    this.reader = reader;
    this.ipv4Only = reader.getMetadata().getIpVersion() == 4;
  }

  /**
   * Opens an MMDB file.
   *
   * @throws GeoDataException when the file is missing or not a MaxMind DB
   */
  public static MmdbGeoLocator open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new GeoDataException(file + ": no such file", null);
    }
    Reader reader;
    try {
      reader = new Reader(file.toFile(), Reader.FileMode.MEMORY_MAPPED, new CHMCache());
    } catch (IOException | RuntimeException e) {
      throw new GeoDataException(file + ": not a MaxMind DB file: " + e.getMessage(), e);
    }
    MmdbGeoLocator locator = new MmdbGeoLocator(file, reader);
    Metadata m = reader.getMetadata();
    log.info(
        "Opened geo database {}: type {}, IPv{}, built {}",
        file, m.getDatabaseType(), m.getIpVersion(), m.getBuildDate().toInstant());
    return locator;
  }

  /** The file this locator reads. */
  public Path file() {
    return file;
  }

  /** The database's {@code database_type} metadata, e.g. {@code GeoLite2-City}. */
  public String databaseType() {
    return reader.getMetadata().getDatabaseType();
  }

  @Override
  public ClientLocation locate(InetAddress address, int sourcePrefix) {
    byte[] bytes = address.getAddress();
    int bits = bytes.length * 8;
    int prefix = Locations.clampPrefix(sourcePrefix, bits);
    if (prefix == 0 || (bits == 128 && ipv4Only)) {
      return ClientLocation.UNKNOWN;
    }
    long hi = IpBits.hi(bytes);
    long lo = IpBits.lo(bytes);
    long maskedHi = IpBits.maskHi(hi, prefix);
    long maskedLo = IpBits.maskLo(lo, prefix);
    InetAddress lookup = maskedHi == hi && maskedLo == lo ? address : IpBits.toAddress(maskedHi, maskedLo, bits);
    DatabaseRecord<Map> record;
    try {
      record = reader.getRecord(lookup, Map.class);
    } catch (IOException | RuntimeException e) {
      // A corrupt record or a reader closed by a reload: this client is unknown, the server goes on.
      log.debug("Geo lookup of {} in {} failed", lookup, file, e);
      return ClientLocation.UNKNOWN;
    }
    Network network = record.getNetwork();
    int matched = Math.max(0, Math.min(network.getPrefixLength(), bits));
    int scope = Math.min(matched, prefix);
    @SuppressWarnings("unchecked")
    Map<String, Object> data = record.getData();
    return data == null ? Locations.unknown(scope) : toLocation(data, maskedHi, maskedLo, bits, matched, scope);
  }

  static ClientLocation toLocation(
      Map<String, Object> data, long hi, long lo, int bits, int matched, int scope) {
    Map<String, Object> location = map(data.get("location"));
    double lat = number(location != null ? location.get("latitude") : data.get("latitude"));
    double lon = number(location != null ? location.get("longitude") : data.get("longitude"));
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
      lat = Double.NaN;
      lon = Double.NaN;
    }
    String country = isoCode(data.get("country"));
    if (country == null) {
      country = Countries.canonical(string(data.get("country_code")));
    }
    if (country == null) {
      country = isoCode(data.get("registered_country"));
    }
    String continent = continentCode(data.get("continent"));
    if (continent == null) {
      continent = Countries.continent(string(data.get("continent_code")));
    }
    if (continent == null && country != null) {
      continent = Countries.continentOf(country);
    }
    if (Double.isNaN(lat) && country != null) {
      lat = Countries.latitudeOf(country);
      lon = Countries.longitudeOf(country);
    }
    if (country == null && Double.isNaN(lat)) {
      return Locations.unknown(scope);
    }
    return new ClientLocation(
        IpBits.cidr(hi, lo, bits, matched), scope, lat, lon, country, continent, null, ClientLocation.Source.GEOIP);
  }

  /** {@code iso_code} of a GeoIP2 country map, or a bare two-letter string; null otherwise. */
  private static String isoCode(Object value) {
    Map<String, Object> map = map(value);
    return Countries.canonical(string(map != null ? map.get("iso_code") : value));
  }

  /** {@code code} of a GeoIP2 continent map, or a bare continent code; null otherwise. */
  private static String continentCode(Object value) {
    Map<String, Object> map = map(value);
    return Countries.continent(string(map != null ? map.get("code") : value));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map ? (Map<String, Object>) value : null;
  }

  private static String string(Object value) {
    return value instanceof String s ? s : null;
  }

  private static double number(Object value) {
    if (value instanceof Double d) {
      return d;
    }
    if (value instanceof Float f) {
      return f;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  @Override
  public String toString() {
    return "MmdbGeoLocator[" + file + ", " + databaseType() + "]";
  }
}
