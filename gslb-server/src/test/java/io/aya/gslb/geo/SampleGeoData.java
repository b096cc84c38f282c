package io.aya.gslb.geo;

import static io.aya.gslb.geo.GeoRecords.city;
import static io.aya.gslb.geo.GeoRecords.country;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates {@code geo-data/sample-city.mmdb}, the GeoIP2-City-schema database of the default run. The data is
 * made up (documentation prefixes and a few public /24s that MaxMind's own test database also uses), on every
 * continent the sample zones serve. Deterministic: the same code writes the same bytes, which
 * {@code SampleGeoDataTest} checks against the committed file.
 *
 * <p>Regenerate with {@code ./mvnw -q -o -pl gslb-server -am test -Dtest=SampleGeoDataTest
 * -Daya.geo.regenerate=true -Dsurefire.failIfNoSpecifiedTests=false} (see {@code geo-data/README.md}).
 */
final class SampleGeoData {
  static final String FILE_NAME = "sample-city.mmdb";

  private SampleGeoData() {}

  static MmdbWriter writer() {
    return new MmdbWriter("GeoIP2-City", 6, 28)
        .language("en")
        .description("en", "AYA GSLB sample city database (made-up data for demos and tests)")
        // North America
        .insert("192.0.2.0/24", city("Ashburn", "US", 39.0438, -77.4874))
        .insert("149.101.100.0/24", city(null, "US", 37.751, -97.822))
        .insert("216.160.83.0/24", city("Milton", "US", 47.2513, -122.3149))
        .insert("2001:db8:2::/48", city("New York", "US", 40.7128, -74.0060))
        // Europe
        .insert("81.2.69.0/24", city("London", "GB", 51.5142, -0.0931))
        .insert("198.51.100.0/24", city("Dublin", "IE", 53.3498, -6.2603))
        .insert("89.160.20.0/24", city("Linkoping", "SE", 58.4167, 15.6167))
        .insert("2001:db8:1::/48", city("Frankfurt am Main", "DE", 50.1109, 8.6821))
        // Asia
        .insert("203.0.113.0/24", city("Singapore", "SG", 1.2897, 103.8501))
        .insert("175.16.199.0/24", city("Changchun", "CN", 43.88, 125.3228))
        .insert("2001:db8:3::/48", city("Tokyo", "JP", 35.6895, 139.6917))
        .insert("67.43.156.0/24", country("BT"))
        // Oceania, South America, Africa
        .insert("2001:db8:4::/48", city("Sydney", "AU", -33.8688, 151.2093))
        .insert("2001:db8:5::/48", city("Sao Paulo", "BR", -23.5505, -46.6333))
        .insert("2001:db8:6::/48", city("Johannesburg", "ZA", -26.2041, 28.0473));
  }

  /** Writes the sample database into {@code dir}. */
  static Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE_NAME);
    writer().write(file);
    return file;
  }

  /** The repository's {@code geo-data/} directory, found from the working directory upwards. */
  static Path geoDataDir() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("geo-data")) && Files.exists(dir.resolve("mvnw"))) {
        return dir.resolve("geo-data");
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("no geo-data/ directory above " + Path.of("").toAbsolutePath());
  }

  public static void main(String[] args) throws IOException {
    Path dir = args.length > 0 ? Path.of(args[0]) : geoDataDir();
    System.out.println("wrote " + write(dir));
  }
}
