package io.aya.gslb.geo;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's geo locator: network map over MMDB database over nothing, behind a {@link CachingGeoLocator},
 * rebuilt from the files by {@link #reload()}.
 *
 * <p>{@link #locate} is one volatile read of the current snapshot and then the cache: no locks. A reload
 * reads and checks both files first and swaps the snapshot only when both are good, so a bad file leaves the
 * running data in place; the new snapshot starts with an empty cache. The old database is not closed: a
 * lookup still running on it finishes normally, and the garbage collector unmaps it. Replace database files
 * by renaming a complete new file into place (as {@code geoipupdate} does), never by writing into the mapped
 * file.
 *
 * <p>Thread-safe. Reloads are serialized.
 */
public final class ReloadableGeoLocator implements GeoLocator {
  private static final Logger log = LoggerFactory.getLogger(ReloadableGeoLocator.class);

  private final Path database;
  private final Path networks;
  private final int cacheCapacity;
  private volatile Snapshot current;

  private record Snapshot(
      CachingGeoLocator cache, String databaseType, int networkCount, Set<String> pinnedRegions,
      FileStamp databaseStamp, FileStamp networksStamp) {}

  /** Size and modification time of a file, to tell whether it changed; null for no file. */
  private record FileStamp(long size, long modified) {
    static FileStamp of(Path file) throws IOException {
      if (file == null) {
        return null;
      }
      if (!Files.isRegularFile(file)) {
        throw new GeoDataException(file + ": no such file", null);
      }
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new FileStamp(a.size(), a.lastModifiedTime().toMillis());
    }
  }

  private ReloadableGeoLocator(Path database, Path networks, int cacheCapacity) {
    this.database = database;
    this.networks = networks;
    this.cacheCapacity = cacheCapacity;
  }

  /**
   * Opens the files.
   *
   * @param database an MMDB file, or null for none
   * @param networks a network map file, or null for none
   * @param cacheCapacity slots of the lookup cache (see {@link CachingGeoLocator})
   * @throws IOException (a {@link GeoDataException} for bad content) when a file cannot be used
   */
  static ReloadableGeoLocator open(Path database, Path networks, int cacheCapacity) throws IOException {
    ReloadableGeoLocator locator = new ReloadableGeoLocator(database, networks, cacheCapacity);
    locator.current = locator.load();
    return locator;
  }

  private Snapshot load() throws IOException {
    FileStamp databaseStamp = FileStamp.of(database);
    FileStamp networksStamp = FileStamp.of(networks);
    NetworkMapLocator map = networks == null ? null : NetworkMapLocator.load(networks);
    MmdbGeoLocator mmdb = database == null ? null : MmdbGeoLocator.open(database);
    GeoLocator composed;
    if (map != null && mmdb != null) {
      composed = new OverlayGeoLocator(map, mmdb);
    } else if (map != null) {
      composed = map;
    } else if (mmdb != null) {
      composed = mmdb;
    } else {
      composed = GeoLocator.NONE;
    }
    return new Snapshot(
        new CachingGeoLocator(composed, cacheCapacity),
        mmdb == null ? null : mmdb.databaseType(),
        map == null ? 0 : map.size(),
        map == null ? Set.of() : map.regions(),
        databaseStamp,
        networksStamp);
  }

  @Override
  public ClientLocation locate(InetAddress address, int sourcePrefix) {
    return current.cache().locate(address, sourcePrefix);
  }

  /**
   * Re-reads both files and swaps them in. On any error the current data stays in use.
   *
   * @throws IOException (a {@link GeoDataException} for bad content) when a file cannot be used
   */
  public synchronized void reload() throws IOException {
    Snapshot next = load();
    current = next;
    log.info(
        "Geo data reloaded: database {} ({}), network map {} ({} networks)",
        database, next.databaseType(), networks, next.networkCount());
  }

  /**
   * Reloads when either file's size or modification time changed since the last load; cheap enough to call
   * every few seconds.
   *
   * @return whether a reload happened
   */
  public synchronized boolean reloadIfChanged() throws IOException {
    Snapshot s = current;
    if (Objects.equals(s.databaseStamp(), FileStamp.of(database))
        && Objects.equals(s.networksStamp(), FileStamp.of(networks))) {
      return false;
    }
    reload();
    return true;
  }

  /** The MMDB file, or null. */
  public Path database() {
    return database;
  }

  /** The network map file, or null. */
  public Path networks() {
    return networks;
  }

  /** {@code database_type} of the loaded MMDB (e.g. {@code GeoLite2-City}), or null without one. */
  public String databaseType() {
    return current.databaseType();
  }

  /** Number of networks in the loaded network map (0 without one). */
  public int networkCount() {
    return current.networkCount();
  }

  /** Regions that the loaded network map pins clients to (sorted), to check against the zones' regions. */
  public Set<String> pinnedRegions() {
    return current.pinnedRegions();
  }

  /** Cache hits since the last (re)load. */
  public long cacheHits() {
    return current.cache().hits();
  }

  /** Cache misses since the last (re)load. */
  public long cacheMisses() {
    return current.cache().misses();
  }
}
