package io.aya.gslb.forward;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A listener's counters: open and total connections (UDP: flows), refused ones, bytes each way and the
 * connections that went to another region's pool ({@code fallback=next-region}), by region. Thread-safe.
 */
final class ListenerStats {
  final AtomicInteger active = new AtomicInteger();
  final LongAdder total = new LongAdder();
  /** Refused: over the listener limit, or no member of any allowed pool could take it. */
  final LongAdder refused = new LongAdder();
  /** Client to member. */
  final LongAdder bytesIn = new LongAdder();
  /** Member to client. */
  final LongAdder bytesOut = new LongAdder();
  /** Of those bytes (either way), the ones moved by {@code splice(2)} rather than through buffers (epoll). */
  final LongAdder spliced = new LongAdder();
  final LongAdder fallbacks = new LongAdder();
  private final Map<String, LongAdder> fallbacksByRegion = new ConcurrentHashMap<>();

  void fallback(String region) {
    fallbacks.increment();
    fallbacksByRegion.computeIfAbsent(region, r -> new LongAdder()).increment();
  }

  /** Fallback connections by the region they went to, sorted by region. */
  Map<String, Long> fallbacksByRegion() {
    Map<String, Long> out = new TreeMap<>();
    fallbacksByRegion.forEach((r, n) -> out.put(r, n.sum()));
    return out;
  }
}
