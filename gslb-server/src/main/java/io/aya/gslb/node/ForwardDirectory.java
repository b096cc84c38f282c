package io.aya.gslb.node;

import io.aya.cluster.MemberInfo;
import io.aya.gslb.policy.ForwardNodes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xbill.DNS.Address;

/**
 * Builds {@link ForwardNodes} from the cluster's live members and the region and forward address each
 * advertises: a member that leaves the cluster (failure detection) leaves the answers with it. Stateless.
 */
final class ForwardDirectory {
  private ForwardDirectory() {}

  static ForwardNodes of(List<MemberInfo> members) {
    List<MemberInfo> sorted = new ArrayList<>(members);
    sorted.sort(Comparator.comparing(MemberInfo::node));
    Map<String, List<InetAddress>> byRegion = new TreeMap<>();
    for (MemberInfo m : sorted) {
      if (m.region() == null || m.forwardAddress() == null) {
        continue;
      }
      try {
        InetAddress a = Address.getByAddress(m.forwardAddress());
        List<InetAddress> as = byRegion.computeIfAbsent(m.region(), r -> new ArrayList<>());
        if (!as.contains(a)) {
          as.add(a);
        }
      } catch (UnknownHostException e) {
        // not a literal address: a member of another version; ignored
      }
    }
    return new ForwardNodes(byRegion);
  }
}
