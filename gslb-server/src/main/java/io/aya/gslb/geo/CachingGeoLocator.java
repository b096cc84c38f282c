package io.aya.gslb.geo;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded, lock-free cache in front of another locator, keyed by the client network: the address masked to
 * the source prefix, plus that prefix and the family. Resolvers send ECS subnets ({@code /24}, {@code /56}),
 * so every client behind one subnet shares one entry.
 *
 * <p>The cache is a direct-mapped array of immutable entries: a lookup is one hash, one acquire-read and a
 * key compare; a miss asks the delegate and overwrites the slot (a racing writer may win, which costs only
 * another miss later). Memory stays at {@code capacity} entries however many clients come. Thread-safe;
 * the delegate must be too. The delegate's answers must not change while this cache lives: to pick up new
 * data, build a new cache around the new delegate (as {@link ReloadableGeoLocator} does).
 */
public final class CachingGeoLocator implements GeoLocator {
  /** Default number of slots. */
  public static final int DEFAULT_CAPACITY = 1 << 16;

  private final GeoLocator delegate;
  private final AtomicReferenceArray<Entry> slots;
  private final int mask;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /**
   * @param capacity number of slots, rounded up to a power of two (expected: 1..2^24)
   */
  public CachingGeoLocator(GeoLocator delegate, int capacity) {
    if (delegate == null) {
      throw new NullPointerException("delegate");
    }
    if (capacity < 1 || capacity > 1 << 24) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: 1..16777216)");
    }
    int size = Integer.highestOneBit(capacity);
    if (size < capacity) {
      size <<= 1;
    }
    this.delegate = delegate;
    this.slots = new AtomicReferenceArray<>(size);
    this.mask = size - 1;
  }

  @Override
  public ClientLocation locate(InetAddress address, int sourcePrefix) {
    byte[] bytes = address.getAddress();
    int bits = bytes.length * 8;
    int prefix = Locations.clampPrefix(sourcePrefix, bits);
    long hi = IpBits.maskHi(IpBits.hi(bytes), prefix);
    long lo = IpBits.maskLo(IpBits.lo(bytes), prefix);
    int meta = bits << 8 | prefix;
    int slot = index(hi, lo, meta);
    Entry entry = slots.getAcquire(slot);
    if (entry != null && entry.hi == hi && entry.lo == lo && entry.meta == meta) {
      hits.increment();
      return entry.location;
    }
    misses.increment();
    ClientLocation location = delegate.locate(address, prefix);
    slots.setRelease(slot, new Entry(hi, lo, meta, location));
    return location;
  }

  private int index(long hi, long lo, int meta) {
    long h = hi * 0x9E3779B97F4A7C15L + lo * 0xC2B2AE3D27D4EB4FL + meta;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return (int) h & mask;
  }

  /** Number of slots. */
  public int capacity() {
    return mask + 1;
  }

  /** Lookups answered from the cache since it was created. */
  public long hits() {
    return hits.sum();
  }

  /** Lookups that asked the delegate since the cache was created. */
  public long misses() {
    return misses.sum();
  }

  private static final class Entry {
    final long hi;
    final long lo;
    final int meta;
    final ClientLocation location;

    Entry(long hi, long lo, int meta, ClientLocation location) {
      this.hi = hi;
      this.lo = lo;
      this.meta = meta;
      this.location = location;
    }
  }
}
