package io.aya.cluster;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SharedState} for a single process with no cluster: the same semantics (last-writer-wins per key by
 * the value's timestamp, see {@link SharedState}; listeners after every change), kept in memory.
 *
 * <p>With a state directory, operator overrides are persisted to {@code <stateDir>/overrides.json} on every
 * accepted {@link #putOverride} (see {@link OverrideStore}) and loaded again by the constructor, so drains
 * survive a restart. Without one, nothing touches the disk.
 *
 * <p>Thread-safe. Listeners run on the thread that made the change.
 */
public final class LocalSharedState implements SharedState {
  private static final Logger log = LoggerFactory.getLogger(LocalSharedState.class);

  private final String nodeName;
  private final OverrideStore store;
  private final Map<String, Observation> observations = new ConcurrentHashMap<>();
  private final Map<String, LoadReport> loads = new ConcurrentHashMap<>();
  private final Map<String, NetworkReport> networkReports = new ConcurrentHashMap<>();
  private final Map<String, OperatorOverride> overrides = new ConcurrentHashMap<>();
  private final Object overrideLock = new Object();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  /** A node that keeps everything in memory only. */
  public LocalSharedState(String nodeName) {
    this(nodeName, null);
  }

  /**
   * A node that persists overrides in {@code stateDir} (created if missing) and starts with the overrides
   * found there.
   *
   * @param stateDir directory for {@code overrides.json}; {@code null} for memory only
   * @throws java.io.UncheckedIOException when the directory cannot be created or the file is unreadable
   */
  public LocalSharedState(String nodeName, Path stateDir) {
    if (nodeName == null || nodeName.isBlank()) {
      throw new IllegalArgumentException("nodeName: '" + nodeName + "' (expected: a non-blank name)");
    }
    this.nodeName = nodeName;
    this.store = stateDir == null ? null : new OverrideStore(stateDir);
    if (store != null) {
      for (OperatorOverride o : store.load()) {
        overrides.put(o.key(), o);
      }
    }
  }

  @Override
  public String nodeName() {
    return nodeName;
  }

  @Override
  public void putObservation(Observation o) {
    if (stored(observations.merge(o.key(), o, (a, b) -> Versions.newer(b, a) ? b : a), o)) {
      fire();
    }
  }

  @Override
  public boolean removeObservation(String endpoint, String node, long notAfterMillis) {
    Observation[] removed = new Observation[1];
    observations.computeIfPresent(Observation.key(endpoint, node), (k, held) -> {
      if (held.timestampMillis() <= notAfterMillis) {
        removed[0] = held;
        return null;
      }
      return held;
    });
    if (removed[0] == null) {
      return false;
    }
    fire();
    return true;
  }

  @Override
  public void putLoad(LoadReport r) {
    if (stored(loads.merge(r.region(), r, (a, b) -> Versions.newer(b, a) ? b : a), r)) {
      fire();
    }
  }

  /**
   * Stores the override when it is newer than the one held for its key, then writes the whole set to disk
   * (when there is a state directory) before listeners run.
   *
   * @throws NotPersistedException when the file cannot be written; the override is applied all the same
   *     (the next accepted override writes the whole set again)
   */
  @Override
  public void putOverride(OperatorOverride o) {
    NotPersistedException notPersisted = null;
    synchronized (overrideLock) {
      OperatorOverride current = overrides.get(o.key());
      if (current != null && !Versions.newer(o, current)) {
        return;
      }
      if (store != null) {
        Map<String, OperatorOverride> next = new java.util.HashMap<>(overrides);
        next.put(o.key(), o);
        try {
          store.save(next.values());
        } catch (NotPersistedException e) {
          notPersisted = e;
        }
      }
      overrides.put(o.key(), o);
    }
    log.info("Override {} {} active={} ts={} from {}", o.kind(), o.target(), o.active(), o.timestampMillis(),
        o.node());
    fire();
    if (notPersisted != null) {
      throw notPersisted;
    }
  }

  private static boolean stored(Object stored, Object offered) {
    return stored == offered;
  }

  @Override
  public Collection<Observation> observations() {
    return List.copyOf(observations.values());
  }

  @Override
  public void putNetworkReport(NetworkReport r) {
    if (stored(networkReports.merge(r.node(), r, (a, b) -> Versions.newer(b, a) ? b : a), r)) {
      fire();
    }
  }

  @Override
  public Collection<NetworkReport> networkReports() {
    return List.copyOf(networkReports.values());
  }

  @Override
  public Collection<LoadReport> loads() {
    return List.copyOf(loads.values());
  }

  @Override
  public Collection<OperatorOverride> overrides() {
    return List.copyOf(overrides.values());
  }

  @Override
  public List<MemberInfo> members() {
    return List.of(new MemberInfo(nodeName, "local", true, System.currentTimeMillis()));
  }

  /** Always true: a single node probes everything. */
  @Override
  public boolean probesLocally(String endpointKey) {
    return true;
  }

  @Override
  public void addListener(Runnable onChange) {
    listeners.add(onChange);
  }

  private void fire() {
    for (Runnable l : listeners) {
      try {
        l.run();
      } catch (RuntimeException e) {
        log.warn("Shared-state listener failed", e);
      }
    }
  }

  @Override
  public void close() {
    listeners.clear();
  }
}
