package io.aya.gslb.forward;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code lb=weighted-least-conn}: the candidate with the fewest open connections per unit of weight
 * ({@code (active + 1) / weight}, compared by cross-multiplying); ties go round robin.
 */
final class WeightedLeastConnBalancer implements Balancer {
  private final AtomicInteger start = new AtomicInteger();

  @Override
  public ForwardMember pick(ForwardMember[] candidates, int count, InetAddress client) {
    int from = Math.floorMod(start.getAndIncrement(), count);
    ForwardMember best = null;
    long bestLoad = 0;
    long bestWeight = 1;
    for (int i = 0; i < count; i++) {
      ForwardMember m = candidates[(from + i) % count];
      long load = m.active.get() + 1L;
      long weight = Math.max(1, m.weight);
      if (best == null || load * bestWeight < bestLoad * weight) {
        best = m;
        bestLoad = load;
        bestWeight = weight;
      }
    }
    return best;
  }
}
