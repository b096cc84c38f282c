package io.aya.gslb.forward;

import java.net.InetAddress;

/**
 * {@code lb=weighted}: smooth weighted round robin (nginx's): every pick adds each candidate's weight to its
 * current value, takes the largest and subtracts the candidates' total from it. Over any run of
 * {@code sum(weights)} picks each member gets exactly its weight's share, interleaved rather than in bursts.
 * Members that are not candidates (down, full) keep their current value and simply sit out. The pick takes
 * this instance's lock: it is one short loop per new connection, not per byte.
 */
final class SmoothWeightedBalancer implements Balancer {
  @Override
  public synchronized ForwardMember pick(ForwardMember[] candidates, int count, InetAddress client) {
    long total = 0;
    ForwardMember best = null;
    for (int i = 0; i < count; i++) {
      ForwardMember m = candidates[i];
      int w = Math.max(1, m.weight);
      m.swrrCurrent += w;
      total += w;
      if (best == null || m.swrrCurrent > best.swrrCurrent) {
        best = m;
      }
    }
    best.swrrCurrent -= total;
    return best;
  }
}
