package io.aya.gslb.forward;

import io.aya.gslb.zone.ForwardSpec;
import java.net.InetAddress;

/**
 * An {@code lb=} algorithm: picks the member a new connection goes to among the members that may take it
 * now. One small class per algorithm; one instance per pool of one listener (some keep state across picks).
 * Thread-safe: called from every event loop.
 */
interface Balancer {
  /**
   * Picks one of {@code candidates[0, count)} ({@code count >= 1}; the array is the caller's scratch and is
   * in the pool's zone order).
   */
  ForwardMember pick(ForwardMember[] candidates, int count, InetAddress client);

  static Balancer of(ForwardSpec.Lb lb) {
    switch (lb) {
      case ROUND_ROBIN:
        return new RoundRobinBalancer();
      case WEIGHTED:
        return new SmoothWeightedBalancer();
      case LEAST_CONN:
        return new LeastConnBalancer();
      case WEIGHTED_LEAST_CONN:
        return new WeightedLeastConnBalancer();
      case LEAST_TIME:
        return new LeastTimeBalancer();
      case SOURCE_HASH:
        return new SourceHashBalancer();
      default:
        return new RandomTwoBalancer();
    }
  }
}
