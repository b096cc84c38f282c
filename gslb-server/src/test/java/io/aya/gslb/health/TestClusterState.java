package io.aya.gslb.health;

import io.aya.cluster.LoadReport;
import io.aya.cluster.LocalSharedState;
import io.aya.cluster.MemberInfo;
import io.aya.cluster.Observation;
import io.aya.cluster.OperatorOverride;
import io.aya.cluster.SharedState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A {@link LocalSharedState} seen as one member of a cluster whose member list the test sets: the values
 * (observations of other nodes included) are stored and merged by the real {@link LocalSharedState}; only
 * {@link #members()} and {@link #probesLocally} come from the test, as a Hazelcast member list and
 * rendezvous hashing would.
 */
final class TestClusterState implements SharedState {
  private final LocalSharedState store;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile List<String> members;
  private volatile Predicate<String> probesLocally = k -> true;

  TestClusterState(String node, String... others) {
    this.store = new LocalSharedState(node);
    List<String> all = new ArrayList<>();
    all.add(node);
    all.addAll(List.of(others));
    this.members = List.copyOf(all);
  }

  void setMembers(String... nodes) {
    members = List.of(nodes);
    fire();
  }

  void setProbesLocally(Predicate<String> p) {
    probesLocally = p;
  }

  private void fire() {
    for (Runnable l : listeners) {
      l.run();
    }
  }

  @Override
  public String nodeName() {
    return store.nodeName();
  }

  @Override
  public void putObservation(Observation o) {
    store.putObservation(o);
  }

  @Override
  public boolean removeObservation(String endpoint, String node, long notAfterMillis) {
    return store.removeObservation(endpoint, node, notAfterMillis);
  }

  @Override
  public void putLoad(LoadReport r) {
    store.putLoad(r);
  }

  @Override
  public void putNetworkReport(io.aya.cluster.NetworkReport r) {
    store.putNetworkReport(r);
  }

  @Override
  public Collection<io.aya.cluster.NetworkReport> networkReports() {
    return store.networkReports();
  }

  @Override
  public void putOverride(OperatorOverride o) {
    store.putOverride(o);
  }

  @Override
  public Collection<Observation> observations() {
    return store.observations();
  }

  @Override
  public Collection<LoadReport> loads() {
    return store.loads();
  }

  @Override
  public Collection<OperatorOverride> overrides() {
    return store.overrides();
  }

  @Override
  public List<MemberInfo> members() {
    List<MemberInfo> out = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (String m : members) {
      out.add(new MemberInfo(m, m + ":5701", m.equals(nodeName()), now));
    }
    return out;
  }

  @Override
  public boolean probesLocally(String endpointKey) {
    return probesLocally.test(endpointKey);
  }

  @Override
  public void addListener(Runnable onChange) {
    listeners.add(onChange);
    store.addListener(onChange);
  }

  @Override
  public void close() {
    listeners.clear();
    store.close();
  }
}
