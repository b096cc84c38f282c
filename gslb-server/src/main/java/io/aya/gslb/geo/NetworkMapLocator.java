package io.aya.gslb.geo;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Locates clients by an operator's network map ({@code --networks FILE}): one CIDR per line with
 * {@code key=value} attributes, longest prefix wins, IPv4 and IPv6.
 *
 * <pre>
 * # comment
 * 10.1.0.0/16      region=eu-west                  # pin these clients to a region
 * 192.168.0.0/16   lat=53.35 lon=-6.26 country=IE
 * 2001:db8:aa::/48 country=SG                      # coordinates from the country's centre
 * </pre>
 *
 * <p>Keys: {@code region}, {@code lat}/{@code lon} (both or neither), {@code country} (ISO 3166-1 alpha-2),
 * {@code continent} (AF AN AS EU NA OC SA). A country without coordinates is placed at its centre, a missing
 * continent is derived from the country. Errors are reported as {@code file:line: message}, all of them at
 * once, and reject the whole file.
 *
 * <p>Only entries no longer than the client's source prefix match (a {@code /24} ECS subnet is not placed
 * by a {@code /28} entry inside it). The scope of an answer is where the lookup leaves the trie (see
 * {@link PrefixTrie}); unmatched addresses get an unknown location with such a scope too.
 *
 * <p>Immutable and thread-safe; {@link #locate} takes no lock and allocates only the result.
 */
public final class NetworkMapLocator implements GeoLocator {
  private static final Pattern REGION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final int MAX_REPORTED_ERRORS = 50;

  private final PrefixTrie v4;
  private final PrefixTrie v6;
  private final ClientLocation[] entries;

  private NetworkMapLocator(PrefixTrie v4, PrefixTrie v6, ClientLocation[] entries) {
    this.v4 = v4;
    this.v6 = v6;
    this.entries = entries;
  }

  /** Reads and checks a network map file. */
  public static NetworkMapLocator load(Path file) throws IOException {
    return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  /**
   * Parses network map lines.
   *
   * @param source the file name used in error messages
   * @throws GeoDataException listing every bad line as {@code source:line: message}
   */
  public static NetworkMapLocator parse(String source, List<String> lines) throws GeoDataException {
    PrefixTrie.Builder v4 = new PrefixTrie.Builder();
    PrefixTrie.Builder v6 = new PrefixTrie.Builder();
    List<ClientLocation> entries = new ArrayList<>();
    List<Integer> entryLines = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (content.isEmpty()) {
        continue;
      }
      try {
        String[] words = content.split("\\s+");
        IpBits.Cidr cidr = IpBits.Cidr.parse(words[0]);
        ClientLocation entry = entry(cidr, words);
        PrefixTrie.Builder trie = cidr.bits() == 32 ? v4 : v6;
        int previous = trie.put(cidr.hi(), cidr.lo(), cidr.prefix(), entries.size());
        if (previous >= 0) {
          throw new IllegalArgumentException(
              "duplicate network " + cidr + " (first on line " + entryLines.get(previous) + ")");
        }
        entries.add(entry);
        entryLines.add(i + 1);
      } catch (IllegalArgumentException e) {
        if (errors.size() < MAX_REPORTED_ERRORS) {
          errors.add(source + ":" + (i + 1) + ": " + e.getMessage());
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new GeoDataException(errors);
    }
    return new NetworkMapLocator(v4.build(), v6.build(), entries.toArray(new ClientLocation[0]));
  }

  private static ClientLocation entry(IpBits.Cidr cidr, String[] words) {
    if (words.length == 1) {
      throw new IllegalArgumentException(
          "no attributes for " + words[0] + " (expected: region=, lat= lon=, country=, continent=)");
    }
    String region = null;
    String country = null;
    String continent = null;
    double lat = Double.NaN;
    double lon = Double.NaN;
    for (int w = 1; w < words.length; w++) {
      String word = words[w];
      int eq = word.indexOf('=');
      if (eq <= 0 || eq == word.length() - 1) {
        throw new IllegalArgumentException("expected key=value: " + word);
      }
      String key = word.substring(0, eq);
      String value = word.substring(eq + 1);
      switch (key) {
        case "region" -> {
          checkOnce(key, region);
          if (!REGION.matcher(value).matches()) {
            throw new IllegalArgumentException(
                "region: " + value + " (expected: letters, digits, '.', '_', '-'; at most 63)");
          }
          region = value;
        }
        case "lat", "latitude" -> {
          checkOnce("lat", Double.isNaN(lat) ? null : key);
          lat = degrees("lat", value, 90);
        }
        case "lon", "longitude" -> {
          checkOnce("lon", Double.isNaN(lon) ? null : key);
          lon = degrees("lon", value, 180);
        }
        case "country" -> {
          checkOnce(key, country);
          country = Countries.canonical(value);
          if (country == null) {
            throw new IllegalArgumentException("country: " + value + " (expected: ISO 3166-1 alpha-2 code)");
          }
        }
        case "continent" -> {
          checkOnce(key, continent);
          continent = Countries.continent(value);
          if (continent == null) {
            throw new IllegalArgumentException("continent: " + value + " (expected: AF AN AS EU NA OC SA)");
          }
        }
        default -> throw new IllegalArgumentException(
            "unknown key: " + key + " (expected: region, lat, lon, country, continent)");
      }
    }
    if (Double.isNaN(lat) != Double.isNaN(lon)) {
      throw new IllegalArgumentException("lat and lon go together (only one is given)");
    }
    if (country != null) {
      if (continent == null) {
        continent = Countries.continentOf(country);
      }
      if (Double.isNaN(lat)) {
        lat = Countries.latitudeOf(country);
        lon = Countries.longitudeOf(country);
      }
    }
    return new ClientLocation(
        cidr.toString(), cidr.prefix(), lat, lon, country, continent, region, ClientLocation.Source.NETWORK_MAP);
  }

  private static void checkOnce(String key, Object previous) {
    if (previous != null) {
      throw new IllegalArgumentException("duplicate key: " + key);
    }
  }

  private static double degrees(String key, String value, int limit) {
    double d;
    try {
      d = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      d = Double.NaN;
    }
    if (!(d >= -limit && d <= limit)) {
      throw new IllegalArgumentException(key + ": " + value + " (expected: -" + limit + ".." + limit + ")");
    }
    return d;
  }

  /**
   * The regions that entries pin clients to, for checking them against the zones' regions (an unknown region
   * pins its clients to nothing).
   */
  public Set<String> regions() {
    Set<String> regions = new TreeSet<>();
    for (ClientLocation entry : entries) {
      if (entry.region() != null) {
        regions.add(entry.region());
      }
    }
    return Collections.unmodifiableSet(regions);
  }

  /** Number of networks in the map. */
  public int size() {
    return entries.length;
  }

  @Override
  public ClientLocation locate(InetAddress address, int sourcePrefix) {
    byte[] bytes = address.getAddress();
    int bits = bytes.length * 8;
    int prefix = Locations.clampPrefix(sourcePrefix, bits);
    long result = (bits == 32 ? v4 : v6).lookup(IpBits.hi(bytes), IpBits.lo(bytes), prefix);
    int entry = PrefixTrie.value(result);
    int scope = PrefixTrie.scope(result);
    return entry < 0 ? Locations.unknown(scope) : Locations.withScope(entries[entry], scope);
  }
}
