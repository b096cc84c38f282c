package io.aya.gslb.forward;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code lb=least-time}: the candidate with the smallest {@code connectEwma * (active + 1)}: the smoothed
 * connect time (a proxy for the member's and the path's latency) scaled by its open connections, like
 * nginx's {@code least_time connect}. A member without a sample yet scores 0 and is tried first, so every
 * member gets measured. Scores within {@link #TIE} of the least (or {@link #TIE_NANOS}) are ties, which go
 * round robin: connect times that differ only by noise (a few microseconds on a LAN) must not starve a
 * member that happened to have one slow sample, since it would never be sampled again.
 */
final class LeastTimeBalancer implements Balancer {
  /** Relative band of a tie. */
  static final double TIE = 1.25;
  /** Absolute band of a tie, in nanoseconds. */
  static final double TIE_NANOS = 50_000;
  private final AtomicInteger start = new AtomicInteger();

  @Override
  public ForwardMember pick(ForwardMember[] candidates, int count, InetAddress client) {
    double least = Double.POSITIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      least = Math.min(least, score(candidates[i]));
    }
    double tie = Math.max(least * TIE, least + TIE_NANOS);
    int from = Math.floorMod(start.getAndIncrement(), count);
    for (int i = 0; i < count; i++) {
      ForwardMember m = candidates[(from + i) % count];
      if (score(m) <= tie) {
        return m;
      }
    }
    return candidates[from];
  }

  private static double score(ForwardMember m) {
    double ewma = m.connectEwmaNanos;
    return Double.isNaN(ewma) ? 0 : ewma * (m.active.get() + 1);
  }
}
