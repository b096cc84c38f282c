package io.aya.gslb.forward;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code lb=least-time}: the candidate with the smallest {@code connectEwma * (active + 1)}: the smoothed
 * connect time (a proxy for the member's and the path's latency) scaled by its open connections, like
 * nginx's {@code least_time connect}. A member without a sample yet scores 0 and is tried first, so every
 * member gets measured. Scores within {@link #TIE} of the least (or {@link #TIE_NANOS}) are ties, which go
 * round robin: connect times that differ only by noise (a few microseconds on a LAN) must not starve a
 * member that happened to have one slow sample. A sample also ages: what a member's smoothed time exceeds the
 * best candidate's by halves every {@link #HALF_LIFE_NANOS} it goes without a new connect, so a member that
 * one slow sample (a GC pause, a busy moment) put out of the band comes back into it, is connected to again
 * and measured afresh, instead of never being sampled again; a member that is really slower is re-measured
 * a few times a second.
 */
final class LeastTimeBalancer implements Balancer {
  /** Relative band of a tie. */
  static final double TIE = 1.25;
  /** Absolute band of a tie, in nanoseconds. */
  static final double TIE_NANOS = 100_000;
  /** Half-life of a connect sample that no newer connect replaced. */
  static final double HALF_LIFE_NANOS = 50_000_000;
  private static final double LN2 = Math.log(2);
  private final AtomicInteger start = new AtomicInteger();

  @Override
  public ForwardMember pick(ForwardMember[] candidates, int count, InetAddress client) {
    long now = System.nanoTime();
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      double ewma = candidates[i].connectEwmaNanos;
      if (!Double.isNaN(ewma)) {
        best = Math.min(best, ewma);
      }
    }
    double least = Double.POSITIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      least = Math.min(least, score(candidates[i], best, now));
    }
    double tie = Math.max(least * TIE, least + TIE_NANOS);
    int from = Math.floorMod(start.getAndIncrement(), count);
    for (int i = 0; i < count; i++) {
      ForwardMember m = candidates[(from + i) % count];
      if (score(m, best, now) <= tie) {
        return m;
      }
    }
    return candidates[from];
  }

  /**
   * The member's connect time, its excess over the best candidate's halved for every {@link #HALF_LIFE_NANOS}
   * since it was measured, times its open connections plus one.
   */
  private static double score(ForwardMember m, double best, long now) {
    double ewma = m.connectEwmaNanos;
    if (Double.isNaN(ewma)) {
      return 0;
    }
    long age = now - m.connectSampledAtNanos;
    double aged = age > 0 && ewma > best ? best + (ewma - best) * Math.exp(-LN2 * age / HALF_LIFE_NANOS) : ewma;
    return aged * (m.active.get() + 1);
  }
}
