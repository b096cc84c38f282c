package io.aya.cluster;

import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;

/** Feeds the entry events of one replicated map to {@link ReplicaSync}. Runs on Hazelcast's event threads. */
final class ReplicaListener<V> extends EntryAdapter<String, String> {
  private final ReplicaSync sync;
  private final Replica<V> replica;

  ReplicaListener(ReplicaSync sync, Replica<V> replica) {
    this.sync = sync;
    this.replica = replica;
  }

  @Override
  public void entryAdded(EntryEvent<String, String> e) {
    sync.arrived(replica, e.getKey(), e.getValue());
  }

  @Override
  public void entryUpdated(EntryEvent<String, String> e) {
    sync.arrived(replica, e.getKey(), e.getValue());
  }

  @Override
  public void entryRemoved(EntryEvent<String, String> e) {
    sync.removed(replica, e.getKey(), e.getOldValue());
  }
}
