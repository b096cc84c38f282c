package io.aya.cluster;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overrides this node keeps on disk ({@link OverrideStore}) when it has a state directory: loaded into the
 * mirror before the node joins; saved on every local {@link #put} before the override is shared; saved again
 * when an override from another node was accepted ({@link #markDirty()} then {@link #persistIfDirty()}, on the
 * tick thread, retried every tick while the disk refuses). Without a state directory it only orders local
 * puts. Thread-safe.
 */
final class PersistedOverrides {
  private static final Logger log = LoggerFactory.getLogger(PersistedOverrides.class);

  private final OverrideStore store;
  private final Mirror<OperatorOverride> mirror;
  private final Object lock = new Object();
  private final AtomicBoolean dirty = new AtomicBoolean();

  /** @param stateDir where overrides are kept, or null for none */
  PersistedOverrides(Path stateDir, Mirror<OperatorOverride> mirror) {
    this.store = stateDir == null ? null : new OverrideStore(stateDir);
    this.mirror = mirror;
  }

  /** Offers the persisted overrides to the mirror, except those stamped too far ahead of this node's clock. */
  void load(Admission admission) {
    if (store == null) {
      return;
    }
    for (OperatorOverride o : store.load()) {
      if (admission.timely(o.timestampMillis())) {
        mirror.offer(o.key(), o);
      } else {
        log.warn("Ignoring persisted override {} {} from {}: stamped {} ms ahead of this node's clock (at most {}"
            + " allowed)", o.kind(), o.target(), o.node(), o.timestampMillis() - admission.nowMillis(),
            admission.maxSkewMillis());
      }
    }
  }

  /**
   * When {@code o} is newer than the override held for its key: saves the whole set with it, then runs
   * {@code share} (which offers it to the mirror and the cluster), both under one lock.
   *
   * @return false when an override as new or newer is held (nothing done)
   * @throws java.io.UncheckedIOException when the file cannot be written; {@code share} did not run
   */
  boolean put(OperatorOverride o, Runnable share) {
    synchronized (lock) {
      Mirror.Held<OperatorOverride> held = mirror.get(o.key());
      if (held != null && !Versions.newer(o, held.value())) {
        return false;
      }
      if (store != null) {
        Map<String, OperatorOverride> next = new HashMap<>();
        for (Map.Entry<String, Mirror.Held<OperatorOverride>> e : mirror.entries().entrySet()) {
          next.put(e.getKey(), e.getValue().value());
        }
        next.put(o.key(), o);
        store.save(next.values());
      }
      share.run();
      return true;
    }
  }

  /** The mirror accepted an override from elsewhere; returns true when it needs saving. */
  boolean markDirty() {
    if (store == null) {
      return false;
    }
    dirty.set(true);
    return true;
  }

  /** Writes the override set when it changed since the last save; on failure the next call retries. */
  void persistIfDirty() {
    if (store == null || !dirty.getAndSet(false)) {
      return;
    }
    try {
      synchronized (lock) {
        store.save(mirror.values());
      }
    } catch (RuntimeException e) {
      dirty.set(true);
      log.error("Cannot persist overrides to {}", store.file(), e);
    }
  }
}
