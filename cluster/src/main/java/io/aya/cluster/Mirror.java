package io.aya.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.function.ToLongFunction;

/**
 * This node's view of one replicated map: for every key the newest value it has seen from anywhere (its
 * own writes, entry events, periodic scans of the local replica). The view only moves forward in
 * {@link Versions} order, so it never shows an older value even while Hazelcast's copy does (after a
 * member rejoins, during a merge, or when two writes race at the partition owner); the node then writes
 * its newer value back so that the replica converges too.
 *
 * <p>A key deleted with {@link #remove} leaves a local tombstone for a while: values of that key stamped at or
 * before the deletion are refused ({@link Outcome#DELETED}), so that a copy replayed by a member that had not
 * seen the deletion yet does not bring it back; the node removes such a copy from the replica again.
 *
 * <p>Reads are plain local map reads. Thread-safe.
 */
final class Mirror<V> {
  /** What happened to a value offered to the mirror. */
  enum Outcome {
    /** The value is newer and is now held. */
    ACCEPTED,
    /** The value is the one held. */
    SAME,
    /** An older value: the held one should be written back to the replica. */
    STALE,
    /** Text that does not decode. */
    INVALID,
    /**
     * Not admitted (see {@link Admission}): unauthentic, or stamped too far ahead of this node's clock. The
     * held value, if any, should be written back over it.
     */
    REFUSED,
    /** A value stamped at or before a deletion of its key: the replica's copy should be removed again. */
    DELETED
  }

  /**
   * A value with its stored form (sealed JSON), so that a scan can skip unchanged entries without decoding
   * them and a write-back stores the same text.
   */
  record Held<V>(V value, String json) {}

  private final Codec<V> codec;
  private final String map;
  private final Admission admission;
  private final BiPredicate<V, V> newer;
  private final ToLongFunction<V> timestamp;
  private final Map<String, Held<V>> entries = new ConcurrentHashMap<>();
  /** Deleted key -> {newest timestamp deleted, local time of the deletion}. */
  private final Map<String, long[]> tombstones = new ConcurrentHashMap<>();

  Mirror(Codec<V> codec, BiPredicate<V, V> newer, ToLongFunction<V> timestamp) {
    this(codec, "", Admission.OPEN, newer, timestamp);
  }

  /**
   * @param map the replicated map's name (part of what a value's seal authenticates)
   * @param admission which stored values are taken, and how this node's values are sealed
   */
  Mirror(Codec<V> codec, String map, Admission admission, BiPredicate<V, V> newer, ToLongFunction<V> timestamp) {
    this.codec = codec;
    this.map = map;
    this.admission = admission;
    this.newer = newer;
    this.timestamp = timestamp;
  }

  Codec<V> codec() {
    return codec;
  }

  /** Holds {@code value} when it is newer than the held one; returns the held entry if it did. */
  Held<V> offer(String key, V value) {
    Held<V> candidate = new Held<>(value, admission.seal(map, key, codec.encode(value)));
    return merge(key, candidate) == candidate ? candidate : null;
  }

  /** Holds {@code candidate} unless a newer value is held or its key was deleted after it; returns the held one. */
  private Held<V> merge(String key, Held<V> candidate) {
    return entries.compute(key, (k, old) -> {
      if (deleted(k, candidate.value())) {
        return old;
      }
      return old == null || newer.test(candidate.value(), old.value()) ? candidate : old;
    });
  }

  private boolean deleted(String key, V value) {
    long[] t = tombstones.get(key);
    return t != null && timestamp.applyAsLong(value) <= t[0];
  }

  /** Offers a stored value (sealed JSON) as read from the replica. */
  Outcome offerEncoded(String key, String stored) {
    Held<V> held = entries.get(key);
    if (held != null && held.json().equals(stored)) {
      return Outcome.SAME;
    }
    String json = admission.open(map, key, stored);
    if (json == null) {
      return Outcome.REFUSED;
    }
    V value = codec.decode(json);
    if (value == null) {
      return Outcome.INVALID;
    }
    if (!admission.timely(timestamp.applyAsLong(value))) {
      return Outcome.REFUSED;
    }
    Held<V> candidate = new Held<>(value, stored);
    Held<V> result = merge(key, candidate);
    if (result == candidate) {
      return Outcome.ACCEPTED;
    }
    if (result == null) {
      return Outcome.DELETED;
    }
    return result.value().equals(value) ? Outcome.SAME : Outcome.STALE;
  }

  /**
   * Deletes the value of {@code key} if it is stamped at or before {@code notAfterMillis} and refuses such
   * values from now on (until {@link #pruneTombstones}); returns the value removed, or null.
   */
  Held<V> remove(String key, long notAfterMillis, long nowMillis) {
    tombstones.merge(key, new long[] {notAfterMillis, nowMillis},
        (old, neu) -> old[0] >= neu[0] ? old : neu);
    AtomicReference<Held<V>> removed = new AtomicReference<>();
    entries.computeIfPresent(key, (k, old) -> {
      if (timestamp.applyAsLong(old.value()) <= notAfterMillis) {
        removed.set(old);
        return null;
      }
      return old;
    });
    return removed.get();
  }

  /** Forgets the deletions made before {@code localMillis}. */
  void pruneTombstones(long localMillis) {
    tombstones.values().removeIf(t -> t[1] < localMillis);
  }

  Held<V> get(String key) {
    return entries.get(key);
  }

  Map<String, Held<V>> entries() {
    return entries;
  }

  Collection<V> values() {
    List<V> out = new ArrayList<>(entries.size());
    for (Held<V> h : entries.values()) {
      out.add(h.value());
    }
    return List.copyOf(out);
  }
}
