package io.aya.gslb.forward;

import io.aya.gslb.health.HealthView;
import java.net.InetAddress;
import java.util.List;

/**
 * The members of one region's pool as one listener forwards to them, with the pool's {@link Balancer}.
 * Immutable (the members' counters are not); rebuilt on zone reloads around the same {@link ForwardMember}
 * instances.
 */
final class MemberPool {
  final String region;
  final ForwardMember[] members;
  final Balancer balancer;
  /** Most open connections per member, 0 for no limit. */
  final int memberLimit;

  MemberPool(String region, List<ForwardMember> members, Balancer balancer, int memberLimit) {
    this.region = region;
    this.members = members.toArray(new ForwardMember[0]);
    this.balancer = balancer;
    this.memberLimit = memberLimit;
  }

  /**
   * True when the member may take a new connection now: up for the cluster, region not drained, not
   * ejected by passive health and below the connection limit.
   */
  boolean takes(ForwardMember m, HealthView view, long nowMillis, ForwardSettings s) {
    return m.upFor(view)
        && (memberLimit == 0 || m.active.get() < memberLimit)
        && !m.ejected(view, nowMillis, s.ejectRetry().toMillis());
  }

  /**
   * The member a new connection from {@code client} goes to, or null when no member can take it. Standbys
   * (weight 0) are chosen only when no member with a positive weight can.
   *
   * @param exclude a member that just failed to connect (the retry goes elsewhere), or null
   */
  ForwardMember choose(HealthView view, InetAddress client, ForwardMember exclude, long nowMillis, ForwardSettings s) {
    ForwardMember[] candidates = new ForwardMember[members.length];
    int count = 0;
    int standbys = 0;
    for (ForwardMember m : members) {
      if (m != exclude && takes(m, view, nowMillis, s)) {
        if (m.weight == 0) {
          standbys++;
        }
        candidates[count++] = m;
      }
    }
    if (standbys > 0 && standbys < count) {
      int k = 0;
      for (int i = 0; i < count; i++) {
        if (candidates[i].weight > 0) {
          candidates[k++] = candidates[i];
        }
      }
      count = k;
    }
    return count == 0 ? null : balancer.pick(candidates, count, client);
  }
}
