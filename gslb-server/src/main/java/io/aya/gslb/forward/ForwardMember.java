package io.aya.gslb.forward;

import io.aya.gslb.health.EndpointStatus;
import io.aya.gslb.health.HealthSnapshot;
import io.aya.gslb.health.HealthView;
import io.aya.gslb.zone.AddressText;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One pool member as one listener forwards to it: its address and weight, what the balancers read (open
 * connections, connect-time EWMA), passive health (consecutive connect failures, local ejection) and
 * counters for the admin API and metrics. One instance per (listener, region, address) lives across zone
 * reloads, so counters and open connections carry over.
 *
 * <p>Thread-safe: counters are atomics; the EWMA and ejection stamp are volatile and updated racily (a lost
 * update of a smoothed value does no harm); {@link #swrrCurrent} belongs to {@link SmoothWeightedBalancer},
 * which guards it.
 */
final class ForwardMember {
  final String region;
  final InetSocketAddress address;
  final int weight;
  /** {@code 192.0.2.10:443} or {@code [2001:db8::10]:443} (RFC 5952): how logs, metrics and the API show it. */
  final String text;
  /** Endpoint key of the member's health check, or null for a static pool (always up for the cluster). */
  final String endpointKey;
  /** {@link SourceHashBalancer}'s per-member salt. */
  final long salt;

  final AtomicInteger active = new AtomicInteger();
  final LongAdder total = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  final LongAdder connectFailures = new LongAdder();
  final LongAdder ejections = new LongAdder();
  final AtomicInteger consecutiveFailures = new AtomicInteger();
  /** The front (client) channels of open connections, for drain. */
  final Set<Channel> connections = ConcurrentHashMap.newKeySet();

  /** When passive health ejected the member (epoch millis), 0 when it is not ejected. */
  volatile long ejectedAtMillis;
  /** Smoothed connect time in nanoseconds, NaN before the first connect. */
  volatile double connectEwmaNanos = Double.NaN;
  /** {@link System#nanoTime()} of the last connect sample (with {@link #connectEwmaNanos}). */
  volatile long connectSampledAtNanos;
  /** Since when the member takes no new connections (epoch millis), 0 while it does: drain bookkeeping. */
  volatile long closedSinceMillis;

  long swrrCurrent;

  ForwardMember(String region, InetSocketAddress address, int weight, String endpointKey) {
    this.region = region;
    this.address = address;
    this.text = AddressText.of(address);
    this.weight = weight;
    this.endpointKey = endpointKey;
    this.salt = SourceHashBalancer.salt(address);
  }

  /** The identity a member keeps across reloads: {@code region/address:port}, the address in RFC 5952 text. */
  static String key(String region, InetSocketAddress address) {
    return region + "/" + AddressText.of(address);
  }

  String key() {
    return key(region, address);
  }

  /** True when the cluster's view lets the member take new connections (up, region not drained). */
  boolean upFor(HealthView view) {
    return !view.regionDrained(region) && (endpointKey == null || view.endpointUp(endpointKey));
  }

  /** A connect succeeded after {@code nanos}: ends a failure streak and feeds the EWMA (alpha 0.2). */
  void connected(long nanos) {
    consecutiveFailures.set(0);
    double e = connectEwmaNanos;
    connectEwmaNanos = Double.isNaN(e) ? nanos : e + 0.2 * (nanos - e);
    connectSampledAtNanos = System.nanoTime();
  }

  /** A connect failed or timed out: after {@code ejectAfter} in a row the member is ejected locally. */
  void connectFailed(int ejectAfter, long nowMillis) {
    connectFailures.increment();
    if (consecutiveFailures.incrementAndGet() >= ejectAfter && ejectedAtMillis == 0) {
      ejectedAtMillis = Math.max(1, nowMillis);
      ejections.increment();
    }
  }

  /**
   * True while passive health keeps the member out. The ejection ends when the cluster's active check has
   * seen the member up after it was ejected; a member without a check (or whose view holds no details) is
   * let in again for a try after {@code retryMillis}, and a failing try ejects it again at once (its failure
   * streak is still counted).
   */
  boolean ejected(HealthView view, long nowMillis, long retryMillis) {
    long at = ejectedAtMillis;
    if (at == 0) {
      return false;
    }
    EndpointStatus s = endpointKey != null && view instanceof HealthSnapshot snap ? snap.endpoint(endpointKey) : null;
    boolean readmit = s != null ? s.checkedUp() && s.lastResultMillis() > at : nowMillis - at >= retryMillis;
    if (readmit) {
      ejectedAtMillis = 0;
      if (s != null) {
        consecutiveFailures.set(0);
      } else {
        consecutiveFailures.set(Math.max(0, consecutiveFailures.get() - 1));
      }
      return false;
    }
    return true;
  }
}
