package io.aya.gslb.geo;

import static io.aya.gslb.geo.GeoRecords.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingGeoLocatorTest {
  /** A real locator (a network map) that counts how often it is asked. */
  private static final class CountingLocator implements GeoLocator {
    final GeoLocator delegate;
    final AtomicInteger calls = new AtomicInteger();

    CountingLocator(GeoLocator delegate) {
      this.delegate = delegate;
    }

    @Override
    public ClientLocation locate(InetAddress address, int sourcePrefix) {
      calls.incrementAndGet();
      return delegate.locate(address, sourcePrefix);
    }
  }

  private static CountingLocator networks() throws GeoDataException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      lines.add("10." + i + ".0.0/16 region=r" + i);
    }
    lines.add("2001:db8::/32 region=v6");
    return new CountingLocator(NetworkMapLocator.parse("test", lines));
  }

  @Test
  void clientsOfOneSubnetShareOneLookup() throws GeoDataException {
    CountingLocator counting = networks();
    CachingGeoLocator cache = new CachingGeoLocator(counting, 1024);
    ClientLocation first = cache.locate(ip("10.7.1.0"), 24);
    assertEquals("r7", first.region());
    for (int host = 1; host < 50; host++) {
      assertSame(first, cache.locate(ip("10.7.1." + host), 24));
    }
    assertEquals(1, counting.calls.get());
    assertEquals(49, cache.hits());
    assertEquals(1, cache.misses());
  }

  @Test
  void sourcePrefixAndFamilyArePartOfTheKey() throws GeoDataException {
    CountingLocator counting = networks();
    CachingGeoLocator cache = new CachingGeoLocator(counting, 1024);
    cache.locate(ip("10.7.1.0"), 24);
    assertEquals(16, cache.locate(ip("10.7.0.0"), 16).scopePrefix());
    assertEquals(ClientLocation.Source.UNKNOWN, cache.locate(ip("::a07:100"), 120).source());
    assertEquals("v6", cache.locate(ip("2001:db8::"), 48).region());
    assertEquals(4, counting.calls.get());
  }

  @Test
  void aSmallCacheStaysCorrectWhenClientsEvictEachOther() throws GeoDataException {
    CachingGeoLocator cache = new CachingGeoLocator(networks(), 8);
    assertEquals(8, cache.capacity());
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 256; i++) {
        assertEquals("r" + i, cache.locate(ip("10." + i + ".3.0"), 24).region());
      }
    }
    assertTrue(cache.misses() > 256, "evictions force new lookups");
  }

  @Test
  void concurrentLookupsGetTheirOwnAnswers() throws Exception {
    CachingGeoLocator cache = new CachingGeoLocator(networks(), 64);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        Callable<Integer> task = () -> {
          int wrong = 0;
          for (int n = 0; n < 20_000; n++) {
            int i = (n * 7 + offset) & 255;
            if (!("r" + i).equals(cache.locate(ip("10." + i + ".9.0"), 24).region())) {
              wrong++;
            }
          }
          return wrong;
        };
        results.add(pool.submit(task));
      }
      for (Future<Integer> result : results) {
        assertEquals(0, result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cachedLookupsAllocateOnlyTheAddressBytes() throws GeoDataException {
    CachingGeoLocator cache = new CachingGeoLocator(networks(), 1024);
    InetAddress client = ip("10.9.9.0");
    for (int i = 0; i < 20_000; i++) {
      cache.locate(client, 24); // warm up: fill the slot, let the JIT compile
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    int lookups = 100_000;
    for (int i = 0; i < lookups; i++) {
      cache.locate(client, 24);
    }
    long perLookup = (threads.getThreadAllocatedBytes(thread) - before) / lookups;
    // InetAddress.getAddress() copies 4 bytes (a 24-byte array); nothing else may be allocated.
    assertTrue(perLookup <= 24, "allocated " + perLookup + " bytes per cached lookup");
  }

  @Test
  void capacityIsChecked() throws GeoDataException {
    CountingLocator delegate = networks();
    assertEquals("capacity: 0 (expected: 1..16777216)",
        assertThrows(IllegalArgumentException.class, () -> new CachingGeoLocator(delegate, 0)).getMessage());
    assertEquals(1024, new CachingGeoLocator(delegate, 1000).capacity());
  }
}
