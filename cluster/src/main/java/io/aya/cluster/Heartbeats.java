package io.aya.cluster;

import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The heartbeat map: this node writes its liveness stamp there every heartbeat interval (and, after merging
 * into another cluster, a resync request), sealed like every shared value; for the stamps of the others it
 * records when each arrived and measures their propagation delay, so that the delay stays current in a quiet
 * cluster. Each stamp carries the facts its member publishes about itself ({@link MemberFacts}). Listener methods run on Hazelcast's event threads. Thread-safe.
 */
final class Heartbeats extends EntryAdapter<String, String> {
  private final String self;
  private final ReplicatedMap<String, String> map;
  private final Admission admission;
  private final Writer writer;
  private final Membership membership;
  private final PropagationDelay delay;
  private final Consumer<String> onResyncRequest;
  private final Clock clock;
  private final MemberFacts facts;

  /** @param onResyncRequest called with the name of another node that asks for every value again */
  Heartbeats(String self, ReplicatedMap<String, String> map, Admission admission, Writer writer,
      Membership membership, PropagationDelay delay, Consumer<String> onResyncRequest, Clock clock,
      MemberFacts facts) {
    this.self = self;
    this.map = map;
    this.admission = admission;
    this.writer = writer;
    this.membership = membership;
    this.delay = delay;
    this.onResyncRequest = onResyncRequest;
    this.clock = clock;
    this.facts = facts;
  }

  /** Announces that this node is alive. */
  void beat() {
    write(self, facts.local());
  }

  /** Asks the other members to write everything they hold again (after this node merged into their cluster). */
  void requestResync() {
    write(HazelcastSetup.RESYNC_PREFIX + self, java.util.Map.of());
  }

  private void write(String key, java.util.Map<String, String> published) {
    String json = Codec.HEARTBEATS.encode(new Heartbeat(clock.millis(), published));
    writer.enqueue(map, key, admission.seal(HazelcastSetup.HEARTBEATS, key, json));
  }

  @Override
  public void entryAdded(EntryEvent<String, String> e) {
    heard(e);
  }

  @Override
  public void entryUpdated(EntryEvent<String, String> e) {
    heard(e);
  }

  private void heard(EntryEvent<String, String> e) {
    String key = e.getKey();
    String json = e.getValue() == null ? null : admission.open(HazelcastSetup.HEARTBEATS, key, e.getValue());
    if (json == null) {
      return; // not from a member holding the cluster secret
    }
    Heartbeat beat = Codec.HEARTBEATS.decode(json);
    long stamp = beat == null ? Long.MIN_VALUE : beat.timestampMillis();
    if (key.startsWith(HazelcastSetup.RESYNC_PREFIX)) {
      String from = key.substring(HazelcastSetup.RESYNC_PREFIX.length());
      // an old request arriving with the initial copy is not for us
      if (!from.equals(self) && delay.sinceLive(stamp)) {
        onResyncRequest.accept(from);
      }
      return;
    }
    membership.heard(key);
    delay.measure(key, stamp);
    if (beat != null) {
      facts.heard(key, beat.facts());
    }
  }
}
