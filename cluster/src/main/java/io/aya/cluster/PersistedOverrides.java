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
  /** The last save failed: warn once per failing streak, not every heartbeat. */
  private volatile boolean failing;

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
   * @throws NotPersistedException when the file cannot be written; {@code share} ran all the same (failover
   *     must not wait for a disk) and the save is retried by {@link #persistIfDirty()}
   */
  boolean put(OperatorOverride o, Runnable share) {
    NotPersistedException notPersisted = null;
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
        try {
          store.save(next.values());
        } catch (NotPersistedException e) {
          notPersisted = e;
          dirty.set(true);
        }
      }
      share.run();
    }
    if (notPersisted != null) {
      failing = true;
      log.warn("Override {} {} applied cluster-wide but not persisted: {}", o.kind(), o.target(),
          notPersisted.getMessage());
      throw notPersisted;
    }
    return true;
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
      if (failing) {
        failing = false;
        log.info("Overrides persisted to {} again", store.file());
      }
    } catch (NotPersistedException e) {
      dirty.set(true);
      if (!failing) {
        failing = true;
        log.warn("Cannot persist overrides ({}); retrying every heartbeat", e.getMessage());
      }
    } catch (RuntimeException e) {
      dirty.set(true);
      log.error("Cannot persist overrides to {}", store.file(), e);
    }
  }
}
