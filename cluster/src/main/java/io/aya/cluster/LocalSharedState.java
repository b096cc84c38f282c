package io.aya.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link SharedState} for a single process with no cluster: the same semantics (last-writer-wins per key,
 * listeners after every change), kept in memory. Thread-safe.
 */
public final class LocalSharedState implements SharedState {
  private final String nodeName;
  private final Map<String, Observation> observations = new ConcurrentHashMap<>();
  private final Map<String, LoadReport> loads = new ConcurrentHashMap<>();
  private final Map<String, OperatorOverride> overrides = new ConcurrentHashMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final long startedMillis = System.currentTimeMillis();

  public LocalSharedState(String nodeName) {
    this.nodeName = nodeName;
  }

  @Override
  public String nodeName() {
    return nodeName;
  }

  @Override
  public void putObservation(Observation o) {
    if (newer(observations.merge(o.key(), o, (a, b) -> b.timestampMillis() >= a.timestampMillis() ? b : a), o)) {
      fire();
    }
  }

  @Override
  public void putLoad(LoadReport r) {
    if (newer(loads.merge(r.region(), r, (a, b) -> b.timestampMillis() >= a.timestampMillis() ? b : a), r)) {
      fire();
    }
  }

  @Override
  public void putOverride(OperatorOverride o) {
    if (newer(overrides.merge(o.key(), o, (a, b) -> b.timestampMillis() >= a.timestampMillis() ? b : a), o)) {
      fire();
    }
  }

  private static boolean newer(Object stored, Object offered) {
    return stored == offered;
  }

  @Override
  public Collection<Observation> observations() {
    return List.copyOf(observations.values());
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
      l.run();
    }
  }

  @Override
  public void close() {
    listeners.clear();
  }
}
