package io.aya.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's mirrors of the observation, load and override maps and Hazelcast's replicas converging:
 * local writes go to the mirror at once and to the replica through the {@link Writer}; entry events and the
 * per-tick {@link #reconcile()} merge the replica into the mirror last-writer-wins by {@link Versions}, and
 * whatever the replica lacks or holds older (or a value that is not admitted) is written back. Deleted
 * observations leave tombstones for {@link #TOMBSTONE_MILLIS}. Thread-safe.
 */
final class ReplicaSync {
  private static final Logger log = LoggerFactory.getLogger(ReplicaSync.class);
  /**
   * How long a deleted observation's key refuses older copies (a member that had not seen the deletion
   * writing its copy back). Longer partitions are covered by the owner deleting it again (see
   * {@link SharedState#removeObservation}).
   */
  static final long TOMBSTONE_MILLIS = TimeUnit.MINUTES.toMillis(10);

  final Replica<Observation> observations;
  final Replica<LoadReport> loads;
  final Replica<OperatorOverride> overrides;
  final Replica<NetworkReport> networks;
  private final List<Replica<?>> all;
  private final Admission admission;
  private final Writer writer;
  private final PersistedOverrides persisted;
  private final ChangeNotifier notifier;
  private final PropagationDelay delay;
  private final Consumer<Runnable> onTicker;
  private final long maxClockSkewSeconds;
  private final Clock clock;
  private final AtomicLong lastRefusalLog = new AtomicLong();
  private volatile boolean closed;

  /** @param onTicker runs a task on the node's tick thread (unless closing) */
  ReplicaSync(HazelcastInstance hz, Mirror<OperatorOverride> overrideMirror, Admission admission, Writer writer,
      PersistedOverrides persisted, ChangeNotifier notifier, PropagationDelay delay, Consumer<Runnable> onTicker,
      long maxClockSkewSeconds, Clock clock) {
    this.observations = new Replica<>(hz.getReplicatedMap(HazelcastSetup.OBSERVATIONS),
        new Mirror<>(Codec.OBSERVATIONS, HazelcastSetup.OBSERVATIONS, admission, Versions::newer,
            Observation::timestampMillis), Observation::node, Observation::timestampMillis);
    this.loads = new Replica<>(hz.getReplicatedMap(HazelcastSetup.LOADS),
        new Mirror<>(Codec.LOADS, HazelcastSetup.LOADS, admission, Versions::newer, LoadReport::timestampMillis),
        LoadReport::node, LoadReport::timestampMillis);
    this.overrides = new Replica<>(hz.getReplicatedMap(HazelcastSetup.OVERRIDES), overrideMirror,
        OperatorOverride::node, OperatorOverride::timestampMillis);
    this.networks = new Replica<>(hz.getReplicatedMap(HazelcastSetup.NETWORKS),
        new Mirror<>(Codec.NETWORKS, HazelcastSetup.NETWORKS, admission, Versions::newer,
            NetworkReport::timestampMillis), NetworkReport::node, NetworkReport::timestampMillis);
    this.all = List.of(observations, loads, overrides, networks);
    this.admission = admission;
    this.writer = writer;
    this.persisted = persisted;
    this.notifier = notifier;
    this.delay = delay;
    this.onTicker = onTicker;
    this.maxClockSkewSeconds = maxClockSkewSeconds;
    this.clock = clock;
  }

  /** Subscribes to the entry events of the maps. */
  void listen() {
    for (Replica<?> r : all) {
      subscribe(r);
    }
  }

  private <V> void subscribe(Replica<V> r) {
    r.map().addEntryListener(new ReplicaListener<>(this, r));
  }

  /** A local write: into the mirror, and to the replica when it is newer than what the mirror held. */
  <V> void put(Replica<V> replica, String key, V value) {
    Mirror.Held<V> held = replica.mirror().offer(key, value);
    if (held == null) {
      return;
    }
    writer.enqueue(replica.map(), key, held.json());
    notifier.changed();
  }

  /** Deletes an observation here and from the replica (see {@link SharedState#removeObservation}). */
  boolean removeObservation(String key, long notAfterMillis) {
    if (observations.mirror().remove(key, notAfterMillis, clock.millis()) == null) {
      return false;
    }
    writer.enqueueRemove(observations.map(), key);
    notifier.changed();
    return true;
  }

  /** A value arrived by an entry event (added or updated). */
  <V> void arrived(Replica<V> replica, String key, String json) {
    if (json == null || closed) {
      return;
    }
    Mirror.Outcome outcome = replica.mirror().offerEncoded(key, json);
    if (outcome == Mirror.Outcome.ACCEPTED) {
      V v = replica.mirror().get(key).value();
      delay.measure(replica.origin().apply(v), replica.timestamp().applyAsLong(v));
      if (replica == overrides && persisted.markDirty()) {
        onTicker.accept(persisted::persistIfDirty);
      }
      notifier.changed();
    } else if (outcome == Mirror.Outcome.INVALID) {
      log.warn("Ignoring undecodable value for {} in {}: {}", key, replica.map().getName(), json);
    } else {
      repair(replica, key, outcome);
    }
  }

  /**
   * Another node deleted an observation (its own, or an old one of a departed node): this node drops its copy
   * too and refuses copies as old, unless it holds a newer value of the key, which it writes back.
   */
  <V> void removed(Replica<V> replica, String key, String oldJson) {
    if (replica != observations || closed) {
      return;
    }
    Mirror.Held<Observation> held = observations.mirror().get(key);
    if (held == null || observations.map().containsKey(key)) {
      return; // nothing to drop, or written again since (its own event brings the value)
    }
    String goneJson = oldJson == null ? null : admission.open(HazelcastSetup.OBSERVATIONS, key, oldJson);
    Observation gone = goneJson == null ? null : Codec.OBSERVATIONS.decode(goneJson);
    if (gone == null || Versions.newer(held.value(), gone)) {
      // Newer than what was deleted, or what was deleted is not known: the replica here did not hold the key
      // (e.g. this node's own write and deletion of it coalesced in the writer, its newer value still queued)
      // or the old value is not admitted. Keep the held value and write it back; a node that really deleted it
      // refuses the copy by its tombstone and deletes it again, and that event carries the old value.
      writer.enqueue(observations.map(), key, held.json());
    } else if (observations.mirror().remove(key, gone.timestampMillis(), clock.millis()) != null) {
      notifier.changed();
    }
  }

  /**
   * Merges every local replica into its mirror and writes back what a replica lacks or holds older; prunes
   * old tombstones. Returns true when a mirror accepted a value.
   */
  boolean reconcile() {
    boolean changed = false;
    for (Replica<?> r : all) {
      changed |= reconcile(r);
    }
    observations.mirror().pruneTombstones(clock.millis() - TOMBSTONE_MILLIS);
    return changed;
  }

  private <V> boolean reconcile(Replica<V> r) {
    boolean changed = false;
    for (Map.Entry<String, String> e : r.map().entrySet()) {
      Mirror.Outcome outcome = r.mirror().offerEncoded(e.getKey(), e.getValue());
      if (outcome == Mirror.Outcome.ACCEPTED) {
        changed = true;
        if (r == overrides) {
          persisted.markDirty();
        }
      } else {
        repair(r, e.getKey(), outcome);
      }
    }
    for (Map.Entry<String, Mirror.Held<V>> e : r.mirror().entries().entrySet()) {
      if (!r.map().containsKey(e.getKey())) {
        writer.enqueue(r.map(), e.getKey(), e.getValue().json());
      }
    }
    return changed;
  }

  /** Brings the replica's copy of {@code key} back in line after a value the mirror did not accept. */
  private <V> void repair(Replica<V> r, String key, Mirror.Outcome outcome) {
    if (outcome == Mirror.Outcome.STALE) {
      writer.enqueue(r.map(), key, r.mirror().get(key).json());
    } else if (outcome == Mirror.Outcome.DELETED) {
      writer.enqueueRemove(r.map(), key);
    } else if (outcome == Mirror.Outcome.REFUSED) {
      refused(r, key);
    }
  }

  /**
   * Values that are not admitted ({@link Admission}) are ignored and counted, and this node's own value of the
   * key, if it holds one, is written back over them; logged at most once a minute.
   */
  private <V> void refused(Replica<V> r, String key) {
    Mirror.Held<V> held = r.mirror().get(key);
    if (held != null) {
      writer.enqueue(r.map(), key, held.json());
    }
    long now = clock.millis();
    long last = lastRefusalLog.get();
    if (now - last >= 60_000 && lastRefusalLog.compareAndSet(last, now)) {
      log.warn("Refused a shared value for {} in {}: not sealed with this cluster's secret or stamped more than"
          + " {} s ahead of this node's clock ({} refused so far)", key, r.map().getName(),
          maxClockSkewSeconds, refusedCount());
    }
  }

  /** Shared values refused so far: unauthentic, or stamped too far ahead. */
  long refusedCount() {
    return admission.unauthenticCount() + admission.futureCount();
  }

  /** Writes every value this node holds to the cluster again (for a member that merged in or joined). */
  void reassertAll(String forNode, String how) {
    if (closed) {
      return;
    }
    int n = 0;
    for (Replica<?> r : all) {
      for (Map.Entry<String, ? extends Mirror.Held<?>> e : r.mirror().entries().entrySet()) {
        writer.enqueue(r.map(), e.getKey(), e.getValue().json());
        n++;
      }
    }
    log.info("Re-asserting {} value(s) for {}, which {} this cluster", n, forNode, how);
  }

  /** Ignores events from now on. */
  void close() {
    closed = true;
  }
}
