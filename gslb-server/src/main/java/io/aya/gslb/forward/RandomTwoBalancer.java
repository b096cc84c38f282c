package io.aya.gslb.forward;

import java.net.InetAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code lb=random-two}: the power of two choices: two distinct random candidates, the one with fewer open
 * connections wins (the first on a tie). Nearly as even as least-conn without scanning every member.
 */
final class RandomTwoBalancer implements Balancer {
  @Override
  public ForwardMember pick(ForwardMember[] candidates, int count, InetAddress client) {
    if (count == 1) {
      return candidates[0];
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int a = r.nextInt(count);
    int b = r.nextInt(count - 1);
    if (b >= a) {
      b++;
    }
    ForwardMember x = candidates[a];
    ForwardMember y = candidates[b];
    return y.active.get() < x.active.get() ? y : x;
  }
}
