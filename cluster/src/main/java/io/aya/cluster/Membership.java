package io.aya.cluster;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live members as this node sees them: Hazelcast's member list (names and addresses, oldest first)
 * swapped as one snapshot on every change, and when each member's heartbeat last arrived. A node name must be
 * unique in the cluster. Thread-safe.
 */
final class Membership {
  private static final Logger log = LoggerFactory.getLogger(Membership.class);

  /**
   * Member names (as Hazelcast lists them, oldest first) and addresses, swapped as one snapshot; per member
   * also the L4 region and forward address it advertises (null entries for members that do not forward).
   */
  private record Members(List<String> names, List<String> addresses, List<String> regions,
      List<String> forwardAddresses, long seenMillis) {
    static final Members EMPTY = new Members(List.of(), List.of(), List.of(), List.of(), 0);
  }

  private final String self;
  private final Cluster cluster;
  private final Clock clock;
  private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();
  private volatile Members members = Members.EMPTY;

  Membership(String self, Cluster cluster, Clock clock) {
    this.self = self;
    this.cluster = cluster;
    this.clock = clock;
  }

  /**
   * A node name names a node's observations and overrides, so two members must not share one: a node that
   * finds its name already taken by another member stops instead of joining.
   */
  void refuseDuplicateName() {
    Member local = cluster.getLocalMember();
    for (Member m : cluster.getMembers()) {
      if (!m.localMember() && self.equals(m.getAttribute(HazelcastSetup.NODE_ATTRIBUTE))) {
        throw new IllegalStateException("node name '" + self + "' is already used by the cluster member at "
            + hostPort(m) + " (this node: " + hostPort(local) + "); every node needs its own --node name");
      }
    }
  }

  /** Recomputes the snapshot; synchronized so that a slow caller cannot publish an older list. */
  synchronized void refresh() {
    Set<Member> current = cluster.getMembers();
    List<String> names = new ArrayList<>(current.size());
    List<String> addresses = new ArrayList<>(current.size());
    List<String> regions = new ArrayList<>(current.size());
    List<String> forwardAddresses = new ArrayList<>(current.size());
    for (Member m : current) {
      String name = m.getAttribute(HazelcastSetup.NODE_ATTRIBUTE);
      if (name == null) {
        continue;
      }
      if (names.contains(name)) {
        log.error("Two members share node name '{}' ({}): node names must be unique", name, m.getAddress());
        continue;
      }
      names.add(name);
      addresses.add(hostPort(m));
      regions.add(m.getAttribute(HazelcastSetup.REGION_ATTRIBUTE));
      forwardAddresses.add(m.getAttribute(HazelcastSetup.FORWARD_ATTRIBUTE));
    }
    members = new Members(List.copyOf(names), List.copyOf(addresses), Collections.unmodifiableList(regions),
        Collections.unmodifiableList(forwardAddresses), clock.millis());
  }

  /** A heartbeat of {@code node} arrived now. */
  void heard(String node) {
    lastHeard.put(node, clock.millis());
  }

  /** Live member names, oldest first. */
  List<String> names() {
    return members.names();
  }

  /** Live members with when each was last heard from (now for this node). */
  List<MemberInfo> members() {
    Members snapshot = members;
    long now = clock.millis();
    List<MemberInfo> out = new ArrayList<>(snapshot.names().size());
    for (int i = 0; i < snapshot.names().size(); i++) {
      String name = snapshot.names().get(i);
      boolean local = name.equals(self);
      long heard = local ? now : lastHeard.getOrDefault(name, snapshot.seenMillis());
      out.add(new MemberInfo(name, snapshot.addresses().get(i), local, heard, snapshot.regions().get(i),
          snapshot.forwardAddresses().get(i)));
    }
    return List.copyOf(out);
  }

  /** The {@code host:port} of this node's cluster endpoint. */
  String localAddress() {
    return hostPort(cluster.getLocalMember());
  }

  private static String hostPort(Member m) {
    String host = m.getAddress().getHost();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + m.getAddress().getPort();
  }
}
