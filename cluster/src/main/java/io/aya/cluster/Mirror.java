package io.aya.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * This node's view of one replicated map: for every key the newest value it has seen from anywhere (its
 * own writes, entry events, periodic scans of the local replica). The view only moves forward in
 * {@link Versions} order, so it never shows an older value even while Hazelcast's copy does (after a
 * member rejoins, during a merge, or when two writes race at the partition owner); the node then writes
 * its newer value back so that the replica converges too.
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
    INVALID
  }

  /** A value with its encoded form, so that a scan can skip unchanged entries without decoding them. */
  record Held<V>(V value, String json) {}

  private final Codec<V> codec;
  private final BiPredicate<V, V> newer;
  private final Map<String, Held<V>> entries = new ConcurrentHashMap<>();

  Mirror(Codec<V> codec, BiPredicate<V, V> newer) {
    this.codec = codec;
    this.newer = newer;
  }

  Codec<V> codec() {
    return codec;
  }

  /** Holds {@code value} when it is newer than the held one; returns the held entry if it did. */
  Held<V> offer(String key, V value) {
    Held<V> candidate = new Held<>(value, codec.encode(value));
    Held<V> result = entries.merge(key, candidate, (old, neu) -> newer.test(neu.value(), old.value()) ? neu : old);
    return result == candidate ? candidate : null;
  }

  /** Offers an encoded value as read from the replica. */
  Outcome offerEncoded(String key, String json) {
    Held<V> held = entries.get(key);
    if (held != null && held.json().equals(json)) {
      return Outcome.SAME;
    }
    V value = codec.decode(json);
    if (value == null) {
      return Outcome.INVALID;
    }
    Held<V> candidate = new Held<>(value, json);
    Held<V> result = entries.merge(key, candidate, (old, neu) -> newer.test(neu.value(), old.value()) ? neu : old);
    if (result == candidate) {
      return Outcome.ACCEPTED;
    }
    return result.value().equals(value) ? Outcome.SAME : Outcome.STALE;
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
