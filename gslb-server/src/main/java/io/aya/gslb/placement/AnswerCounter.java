package io.aya.gslb.placement;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts, on the answer path, which client networks (IPv4 /24, IPv6 /48 of the ECS or source address) were
 * answered with which region, for names with {@code capacity}. The planner splits a region's bare load report
 * ({@code {"load": N}} without {@code networks}) over the networks in proportion to these counts.
 *
 * <p>A bounded open-addressing table of {@link #SLOTS} (network, region) keys in {@link AtomicLongArray}s:
 * counting is a few CAS/increments, takes no lock and allocates nothing for IPv4 (the address bytes for
 * IPv6). A full table drops further new keys until the next {@link #drain} (counted in {@link #dropped}).
 * At most {@link #MAX_REGIONS} regions are told apart. Thread-safe.
 */
public final class AnswerCounter {
  static final int SLOTS = 1 << 15;
  static final int MAX_REGIONS = 64;
  private static final int PROBES = 16;

  private final ConcurrentHashMap<String, Integer> regionIds = new ConcurrentHashMap<>();
  private final String[] regionNames = new String[MAX_REGIONS];
  private volatile Table table = new Table();
  private volatile long dropped;

  /** Counts one answer of {@code region} to {@code client}. */
  public void count(String region, InetAddress client) {
    Integer id = regionIds.get(region);
    if (id == null) {
      id = register(region);
      if (id < 0) {
        return;
      }
    }
    long key;
    if (client instanceof Inet4Address) {
      // Inet4Address.hashCode() is the address: no copy of the bytes
      key = (1L << 62) | ((long) (client.hashCode() >>> 8) << 6) | id;
    } else {
      byte[] a = client.getAddress();
      long net = 0;
      for (int i = 0; i < 6; i++) {
        net = (net << 8) | (a[i] & 0xFF);
      }
      key = (1L << 63) | (net << 6) | id;
    }
    table.add(key);
  }

  private synchronized int register(String region) {
    Integer id = regionIds.get(region);
    if (id != null) {
      return id;
    }
    int next = regionIds.size();
    if (next >= MAX_REGIONS) {
      return -1;
    }
    regionNames[next] = region;
    regionIds.put(region, next);
    return next;
  }

  /**
   * Takes the counts since the last drain and starts afresh: region → network CIDR → answers (sorted maps, so
   * the result is deterministic). Answers counted while draining may land in either period.
   */
  public Map<String, Map<String, Long>> drain() {
    Table old = table;
    table = new Table();
    if (old.full) {
      dropped++;
    }
    Map<String, Map<String, Long>> out = new TreeMap<>();
    for (int i = 0; i < SLOTS; i++) {
      long key = old.keys.get(i);
      long n = old.counts.get(i);
      if (key == 0 || n == 0) {
        continue;
      }
      String region = regionNames[(int) (key & 63)];
      out.computeIfAbsent(region, r -> new TreeMap<>()).merge(cidr(key), n, Long::sum);
    }
    return out;
  }

  /** Drains that found the table full (some networks went uncounted). */
  public long dropped() {
    return dropped;
  }

  static String cidr(long key) {
    long net = (key & ~(3L << 62)) >>> 6;
    if ((key & (1L << 62)) != 0) {
      return ((net >>> 16) & 0xFF) + "." + ((net >>> 8) & 0xFF) + "." + (net & 0xFF) + ".0/24";
    }
    return String.format("%x:%x:%x::/48", (net >>> 32) & 0xFFFF, (net >>> 16) & 0xFFFF, net & 0xFFFF);
  }

  private static final class Table {
    final AtomicLongArray keys = new AtomicLongArray(SLOTS);
    final AtomicLongArray counts = new AtomicLongArray(SLOTS);
    volatile boolean full;

    void add(long key) {
      int slot = (int) (mix(key) & (SLOTS - 1));
      for (int probe = 0; probe < PROBES; probe++) {
        int i = (slot + probe) & (SLOTS - 1);
        long k = keys.get(i);
        if (k == key || (k == 0 && (keys.compareAndSet(i, 0, key) || keys.get(i) == key))) {
          counts.incrementAndGet(i);
          return;
        }
      }
      full = true;
    }

    private static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }
  }
}
