package io.aya.gslb.forward;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;

/** {@code lb=round-robin}: the candidates in turn, weights ignored. */
final class RoundRobinBalancer implements Balancer {
  private final AtomicLong next = new AtomicLong();

  @Override
  public ForwardMember pick(ForwardMember[] candidates, int count, InetAddress client) {
    return candidates[(int) Long.remainderUnsigned(next.getAndIncrement(), count)];
  }
}
