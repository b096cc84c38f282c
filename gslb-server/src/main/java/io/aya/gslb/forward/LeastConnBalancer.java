package io.aya.gslb.forward;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code lb=least-conn}: the candidate with the fewest open connections through this node; ties go round
 * robin (the scan starts one further each pick), so short connections do not all land on the first member.
 */
final class LeastConnBalancer implements Balancer {
  private final AtomicInteger start = new AtomicInteger();

  @Override
  public ForwardMember pick(ForwardMember[] candidates, int count, InetAddress client) {
    int from = Math.floorMod(start.getAndIncrement(), count);
    ForwardMember best = null;
    int least = Integer.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      ForwardMember m = candidates[(from + i) % count];
      int a = m.active.get();
      if (a < least) {
        least = a;
        best = m;
      }
    }
    return best;
  }
}
