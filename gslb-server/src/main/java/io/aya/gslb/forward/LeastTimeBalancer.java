package io.aya.gslb.forward;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code lb=least-time}: the candidate with the smallest {@code connectEwma * (active + 1)}: the smoothed
 * connect time (a proxy for the member's and the path's latency) scaled by its open connections, like
 * nginx's {@code least_time connect}. A member without a sample yet scores 0 and is tried first, so every
 * member gets measured; ties go round robin.
 */
final class LeastTimeBalancer implements Balancer {
  private final AtomicInteger start = new AtomicInteger();

  @Override
  public ForwardMember pick(ForwardMember[] candidates, int count, InetAddress client) {
    int from = Math.floorMod(start.getAndIncrement(), count);
    ForwardMember best = null;
    double least = Double.POSITIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      ForwardMember m = candidates[(from + i) % count];
      double ewma = m.connectEwmaNanos;
      double score = Double.isNaN(ewma) ? 0 : ewma * (m.active.get() + 1);
      if (score < least) {
        least = score;
        best = m;
      }
    }
    return best;
  }
}
