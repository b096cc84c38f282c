package io.aya.gslb.geo;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Builds the server's {@link GeoLocator} from the command line's {@code --geo FILE.mmdb} and
 * {@code --networks FILE}.
 *
 * <p>Order of precedence for a client: the network map (operator overrides, region pins), then the MMDB
 * database, then {@link ClientLocation#UNKNOWN}. A network map entry without coordinates or country takes
 * them from the database. Answers are cached per client network ({@link CachingGeoLocator}).
 */
public final class GeoLocators {
  private GeoLocators() {}

  /**
   * Opens the geo data with the default cache size.
   *
   * @param mmdbOrNull a MaxMind DB file (GeoIP2/GeoLite2 City or Country, DB-IP Lite), or null
   * @param networksOrNull a network map file, or null
   * @return a locator to call per query, reloadable with {@link ReloadableGeoLocator#reload()}
   * @throws IOException when a file is missing or bad ({@link GeoDataException} lists {@code file:line}
   *     problems)
   */
  public static ReloadableGeoLocator create(Path mmdbOrNull, Path networksOrNull) throws IOException {
    return create(mmdbOrNull, networksOrNull, CachingGeoLocator.DEFAULT_CAPACITY);
  }

  /**
   * Like {@link #create(Path, Path)} with a chosen number of cache slots (expected: 1..16777216).
   */
  public static ReloadableGeoLocator create(Path mmdbOrNull, Path networksOrNull, int cacheCapacity)
      throws IOException {
    if (cacheCapacity < 1 || cacheCapacity > 1 << 24) {
      throw new IllegalArgumentException("cacheCapacity: " + cacheCapacity + " (expected: 1..16777216)");
    }
    return ReloadableGeoLocator.open(mmdbOrNull, networksOrNull, cacheCapacity);
  }
}
