package io.aya.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does when Hazelcast reports a change of members or of its own lifecycle: a member that joins or
 * leaves refreshes the member list and tells the listeners, and once a join has settled every value is written
 * again; after a split-brain merge ({@code MERGED}) the merge is counted, propagation delays are measured
 * afresh, the other members are asked to write their values again and the node reconciles at once; a Hazelcast
 * member that stops while the node is not closing is logged. Runs on Hazelcast's event threads; thread-safe.
 */
final class ClusterEvents implements MembershipListener, LifecycleListener {
  private static final Logger log = LoggerFactory.getLogger(ClusterEvents.class);

  private final String self;
  private final long settleSeconds;
  private final Membership membership;
  private final ChangeNotifier notifier;
  private final ReplicaSync replicas;
  private final Heartbeats heartbeats;
  private final PropagationDelay delay;
  private final TickThread ticks;
  private final AtomicLong merges = new AtomicLong();

  /** @param settleSeconds how long after a join every value is written again */
  ClusterEvents(String self, long settleSeconds, Membership membership, ChangeNotifier notifier,
      ReplicaSync replicas, Heartbeats heartbeats, PropagationDelay delay, TickThread ticks) {
    this.self = self;
    this.settleSeconds = settleSeconds;
    this.membership = membership;
    this.notifier = notifier;
    this.replicas = replicas;
    this.heartbeats = heartbeats;
    this.delay = delay;
    this.ticks = ticks;
  }

  /** How often this node merged into another cluster after a split brain. */
  long mergeCount() {
    return merges.get();
  }

  /** Takes Hazelcast's member list again and tells the listeners. */
  void membershipChanged() {
    membership.refresh();
    notifier.changed();
  }

  @Override
  public void memberAdded(MembershipEvent e) {
    String joined = e.getMember().getAttribute(HazelcastSetup.NODE_ATTRIBUTE);
    log.info("Member joined: {} {}", joined, e.getMember().getAddress());
    membershipChanged();
    // Writes made while the joiner starts and partitions migrate can miss its replica, which Hazelcast's
    // anti-entropy refills only every 30 s: once the join has settled, write everything again.
    ticks.schedule(() -> replicas.reassertAll(joined, "joined"), settleSeconds, TimeUnit.SECONDS);
  }

  @Override
  public void memberRemoved(MembershipEvent e) {
    log.warn("Member left: {} {}", e.getMember().getAttribute(HazelcastSetup.NODE_ATTRIBUTE),
        e.getMember().getAddress());
    membershipChanged();
  }

  @Override
  public void stateChanged(LifecycleEvent e) {
    if (e.getState() == LifecycleEvent.LifecycleState.MERGED) {
      merges.incrementAndGet();
      delay.liveFromNow();
      log.warn("Merged into the cluster after a split brain; re-asserting local state");
      membershipChanged();
      heartbeats.requestResync();
      ticks.tickNow();
    } else if (e.getState() == LifecycleEvent.LifecycleState.MERGE_FAILED) {
      log.error("Merging into the other side of a split brain failed; this node keeps its own cluster");
    } else if (e.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN && !ticks.closed()) {
      log.error("The Hazelcast member of {} stopped on its own: this node no longer shares state; "
          + "it keeps answering with its last view until restarted", self);
    }
  }
}
