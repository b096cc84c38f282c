package io.aya.gslb.node;

import io.aya.cluster.ClusterNode;
import io.aya.cluster.MemberInfo;
import io.aya.gslb.config.ServerConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code GET /api/v1/cluster}: this node's cluster settings and the live members, sorted by node name. */
final class ClusterListing {
  private ClusterListing() {}

  /** @param lastPropagationDelayMillis null until a value from another member was measured */
  /**
   * @param zoneSerialsDiffer zones whose serial differs between members for longer than a short grace
   * @param adminTokenShared false when a member's admin token differs from this node's
   */
  record ClusterEntry(String node, String clusterName, String address, List<String> configuredMembers,
      int memberCount, long merges, Long lastPropagationDelayMillis, List<String> zoneSerialsDiffer,
      boolean adminTokenShared, List<MemberEntry> members) {}

  /**
   * @param zoneSerials zone origin to the serial the member serves; null when it has not said (not heard from
   *     yet, or an older release)
   * @param adminTokenMatches whether its admin token is this node's; null when it has not said
   */
  record MemberEntry(String node, String address, boolean local, long lastHeardMillis, String lastHeard,
      long lastHeardAgoMillis, java.util.Map<String, Long> zoneSerials, Boolean adminTokenMatches) {}

  static ClusterEntry of(ServerConfig config, ClusterNode cluster, Clock clock, ClusterConsistency.View view) {
    long now = clock.millis();
    List<MemberInfo> sorted = new ArrayList<>(cluster.members());
    sorted.sort(Comparator.comparing(MemberInfo::node));
    List<MemberEntry> members = new ArrayList<>();
    for (MemberInfo mi : sorted) {
      ClusterConsistency.Member c = view.members().get(mi.node());
      members.add(new MemberEntry(mi.node(), mi.address(), mi.local(), mi.lastHeardMillis(),
          IsoTime.of(mi.lastHeardMillis()), Math.max(0, now - mi.lastHeardMillis()),
          c == null ? null : c.zoneSerials(), c == null ? null : c.adminTokenMatches()));
    }
    long delay = cluster.lastPropagationDelayMillis();
    return new ClusterEntry(config.cluster().nodeName(), config.cluster().name(), cluster.address(),
        config.cluster().members(),
        cluster.memberCount(), cluster.mergeCount(), delay < 0 ? null : delay, view.zoneSerialsDiffer(),
        view.adminTokenShared(), members);
  }
}
