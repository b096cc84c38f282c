package io.aya.cluster;

import java.util.Collection;
import java.util.List;

/**
 * The state AYA nodes share: health observations, load reports and operator overrides. AP semantics:
 * every value carries a timestamp and merges last-writer-wins per key; reads are local and never block on
 * the network. Listeners fire (on an internal thread) after any change, local or remote, so the server can
 * rebuild its answer-path view. Thread-safe.
 *
 * <p>Implementations: {@link LocalSharedState} (one process, no network) and the Hazelcast-backed one
 * made by {@link ClusterNode}.
 */
public interface SharedState extends AutoCloseable {
  /** This node's name. */
  String nodeName();

  void putObservation(Observation o);

  /**
   * Deletes {@code node}'s observation of {@code endpoint} if the one held is stamped at or before
   * {@code notAfterMillis} (a newer one stays), here and, for a shared implementation, on every member;
   * copies of it stamped at or before that time are refused for a while (see {@link ClusterNode}).
   * Idempotent.
   *
   * <p>A node deletes its own observations of endpoints it no longer probes, and any node may delete those
   * of a node that is no longer a member once they are old (docs/clustering.md, "What is shared"); only
   * observations that no longer count for any verdict are deleted.
   *
   * @return true when a value was deleted here
   */
  boolean removeObservation(String endpoint, String node, long notAfterMillis);

  void putLoad(LoadReport r);

  /** Stores this node's {@link NetworkReport} (keyed by node; a newer timestamp replaces the older). */
  void putNetworkReport(NetworkReport r);

  /** The latest network report of every node heard from (old ones included: the reader judges freshness). */
  Collection<NetworkReport> networkReports();

  /**
   * Stores the override (and persists it when the implementation has a state directory).
   *
   * @throws NotPersistedException when it was applied but could not be written to the state directory
   */
  void putOverride(OperatorOverride o);

  Collection<Observation> observations();

  Collection<LoadReport> loads();

  Collection<OperatorOverride> overrides();

  /** Live members including this one. */
  List<MemberInfo> members();

  /**
   * True when this node is one of the {@code k} members chosen by rendezvous hashing to probe the endpoint
   * (k is the implementation's configured probe redundancy, capped at the member count).
   */
  boolean probesLocally(String endpointKey);

  /** Called after any change to observations, loads, network reports, overrides or membership. */
  void addListener(Runnable onChange);

  @Override
  void close();
}
