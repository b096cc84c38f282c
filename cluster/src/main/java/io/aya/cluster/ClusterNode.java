package io.aya.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SharedState} shared by an embedded Hazelcast 5.5 member (open-source, AP): observations, loads and
 * overrides live in {@code ReplicatedMap}s (a full copy on every member) as JSON text, and each node keeps
 * a {@link Mirror} per map that only moves forward by the values' own timestamps. Reads come from the
 * mirrors and never touch the network; writes update the mirror at once and reach Hazelcast on a writer
 * thread, so a caller never blocks on a slow or vanished member.
 *
 * <p>Convergence: every member merges whatever it sees (its writes, entry events, a scan of its local
 * replica every heartbeat interval) last-writer-wins per key by {@link Versions}; when the replica holds an
 * older value than the mirror (a racing write, a restarted or merged member), the node writes its newer
 * value back. After a healed partition Hazelcast merges the replicas with {@link TimestampMergePolicy} and
 * the scan re-asserts everything the node held, including its persisted overrides. The node that merged
 * into the other cluster starts with an empty replica that Hazelcast refills only every 30 s, so it asks
 * the others (through a marker in the heartbeat map) to write their values again at once.
 *
 * <p>Overrides are persisted with {@link OverrideStore} when the config has a state directory: on every
 * local {@link #putOverride} before it returns, and right after an override from another node is accepted
 * (on the internal tick thread, retried every tick while the disk refuses). A node that starts with a state
 * directory loads its overrides before joining and re-asserts them, so the newest of every node's persisted
 * overrides wins after a restart of the whole cluster.
 *
 * <p>Membership: Hazelcast's deadline failure detector drops a member that sent no heartbeat for
 * {@link ClusterConfig#failureTimeoutSeconds()}; {@link #members()}, {@link #memberCount()} and
 * {@link #probesLocally(String)} follow Hazelcast's member list, swapped as one snapshot.
 *
 * <p>Metrics for the server to export (this module has no metrics library): {@link #memberCount()},
 * {@link #mergeCount()}, {@link #lastPropagationDelayMillis()} and {@link #members()} (last heard times).
 *
 * <p>Start with {@link #start(ClusterConfig)}, stop with {@link #close()}. Thread-safe. Listeners run on
 * one internal thread; bursts of changes may be reported by a single call.
 */
public final class ClusterNode implements SharedState {
  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
  /**
   * How long a deleted observation's key refuses older copies (a member that had not seen the deletion
   * writing its copy back). Longer partitions are covered by the owner deleting it again (see
   * {@link SharedState#removeObservation}).
   */
  static final long TOMBSTONE_MILLIS = TimeUnit.MINUTES.toMillis(10);

  private final ClusterConfig config;
  private final String self;
  private final Admission admission;
  private final java.util.concurrent.atomic.AtomicLong lastRefusalLog = new java.util.concurrent.atomic.AtomicLong();
  private final OverrideStore store;
  private final HazelcastInstance hz;
  private final Replica<Observation> observations;
  private final Replica<LoadReport> loads;
  private final Replica<OperatorOverride> overrides;
  private final ReplicatedMap<String, String> heartbeats;
  private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();
  private final Object overrideLock = new Object();
  private final AtomicBoolean overridesDirty = new AtomicBoolean();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService ticker;
  private final ExecutorService events;
  private final Writer writer;
  private final AtomicBoolean notifyScheduled = new AtomicBoolean();
  private final AtomicLong merges = new AtomicLong();
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile long lastPropagationDelayMillis = -1;
  /** Values stamped before this time reached us by fill-up or merge, not by propagation: not measured. */
  private volatile long liveSinceMillis = Long.MAX_VALUE;
  private volatile Members members = Members.EMPTY;
  private volatile boolean closed;

  private ClusterNode(ClusterConfig config) {
    this.config = config;
    this.self = config.nodeName();
    this.store = config.stateDir() == null ? null : new OverrideStore(config.stateDir());
    this.admission = new Admission(config.secret(), java.time.Clock.systemUTC(),
        TimeUnit.SECONDS.toMillis(config.maxClockSkewSeconds()));
    Mirror<OperatorOverride> overrideMirror = new Mirror<>(Codec.OVERRIDES, HazelcastSetup.OVERRIDES, admission,
        Versions::newer, OperatorOverride::timestampMillis);
    if (store != null) {
      for (OperatorOverride o : store.load()) {
        if (admission.timely(o.timestampMillis())) {
          overrideMirror.offer(o.key(), o);
        } else {
          log.warn("Ignoring persisted override {} {} from {}: stamped {} ms ahead of this node's clock (at most {}"
              + " allowed)", o.kind(), o.target(), o.node(), o.timestampMillis() - admission.nowMillis(),
              admission.maxSkewMillis());
        }
      }
    }
    this.hz = startHazelcast(config);
    try {
      this.observations = new Replica<>(hz.getReplicatedMap(HazelcastSetup.OBSERVATIONS),
          new Mirror<>(Codec.OBSERVATIONS, HazelcastSetup.OBSERVATIONS, admission, Versions::newer,
              Observation::timestampMillis), Observation::node, Observation::timestampMillis);
      this.loads = new Replica<>(hz.getReplicatedMap(HazelcastSetup.LOADS),
          new Mirror<>(Codec.LOADS, HazelcastSetup.LOADS, admission, Versions::newer, LoadReport::timestampMillis),
          LoadReport::node, LoadReport::timestampMillis);
      this.overrides = new Replica<>(hz.getReplicatedMap(HazelcastSetup.OVERRIDES), overrideMirror,
          OperatorOverride::node, OperatorOverride::timestampMillis);
      this.heartbeats = hz.getReplicatedMap(HazelcastSetup.HEARTBEATS);
    } catch (RuntimeException e) {
      hz.shutdown();
      throw e;
    }
    this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("aya-cluster-tick-" + self));
    this.events = Executors.newSingleThreadExecutor(daemon("aya-cluster-events-" + self));
    this.writer = new Writer(self);
  }

  private static HazelcastInstance startHazelcast(ClusterConfig config) {
    try {
      return Hazelcast.newHazelcastInstance(HazelcastSetup.build(config));
    } catch (RuntimeException e) {
      throw new IllegalStateException("cluster node " + config.nodeName() + ": cannot start on "
          + config.bindHost() + ":" + config.port() + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Starts an embedded Hazelcast member, joins the cluster named in {@code config} through its member list
   * (or forms a new one when no member answers), loads persisted overrides and re-asserts them.
   *
   * <p>Returns once the member has joined: about a second for a node whose member list names nobody
   * reachable (it then forms a cluster of one), a little more when it joins an existing cluster.
   *
   * @throws IllegalStateException when Hazelcast cannot start (e.g. the port is taken)
   * @throws java.io.UncheckedIOException when the overrides file cannot be read
   */
  public static ClusterNode start(ClusterConfig config) {
    ClusterNode node = new ClusterNode(config);
    try {
      node.wire();
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    return node;
  }

  private void wire() {
    refuseDuplicateName();
    liveSinceMillis = System.currentTimeMillis();
    for (Replica<?> r : List.of(observations, loads, overrides)) {
      r.map.addEntryListener(new ReplicaListener<>(r));
    }
    heartbeats.addEntryListener(new HeartbeatListener());
    hz.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent e) {
        String joined = e.getMember().getAttribute(HazelcastSetup.NODE_ATTRIBUTE);
        log.info("Member joined: {} {}", joined, e.getMember().getAddress());
        membershipChanged();
        // Writes made while the joiner starts and partitions migrate can miss its replica, which Hazelcast's
        // anti-entropy refills only every 30 s: once the join has settled, write everything again.
        try {
          ticker.schedule(() -> reassertAll(joined, "joined"), 2L * config.heartbeatSeconds(), TimeUnit.SECONDS);
        } catch (RejectedExecutionException closing) {
          // closing: nothing to share any more
        }
      }

      @Override
      public void memberRemoved(MembershipEvent e) {
        log.warn("Member left: {} {}", e.getMember().getAttribute(HazelcastSetup.NODE_ATTRIBUTE),
            e.getMember().getAddress());
        membershipChanged();
      }
    });
    hz.getLifecycleService().addLifecycleListener(e -> {
      if (e.getState() == LifecycleEvent.LifecycleState.MERGED) {
        merges.incrementAndGet();
        liveSinceMillis = System.currentTimeMillis();
        log.warn("Merged into the cluster after a split brain; re-asserting local state");
        membershipChanged();
        beat(HazelcastSetup.RESYNC_PREFIX + self);
        onTicker(this::tick);
      } else if (e.getState() == LifecycleEvent.LifecycleState.MERGE_FAILED) {
        log.error("Merging into the other side of a split brain failed; this node keeps its own cluster");
      } else if (e.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN && !closed) {
        log.error("The Hazelcast member of {} stopped on its own: this node no longer shares state; "
            + "it keeps answering with its last view until restarted", self);
      }
    });
    membershipChanged();
    long period = TimeUnit.SECONDS.toMillis(config.heartbeatSeconds());
    ticker.scheduleWithFixedDelay(this::tick, 0, period, TimeUnit.MILLISECONDS);
    // likewise for this node's own first writes, made while it joined (see memberAdded above)
    ticker.schedule(() -> reassertAll(self, "started in"), 2 * period, TimeUnit.MILLISECONDS);
    log.info("Cluster node {} started at {} (cluster '{}', {} member(s))", self, address(),
        config.clusterName(), members.names.size());
  }

  /** The configuration this node runs with. */
  public ClusterConfig config() {
    return config;
  }

  /** The {@code host:port} this node's cluster endpoint listens on (the real port when configured as 0). */
  public String address() {
    Member local = hz.getCluster().getLocalMember();
    return hostPort(local);
  }

  /** Live members, this one included. */
  public int memberCount() {
    return members.names.size();
  }

  /**
   * How often this node merged into another cluster after a split brain (Hazelcast's {@code MERGED}); only
   * the nodes of the side that merged count it.
   */
  public long mergeCount() {
    return merges.get();
  }

  /**
   * For the latest value written by another node that reached this one (an observation, load report,
   * override or the other node's once-per-heartbeat liveness stamp): local receive time minus the value's
   * own timestamp, in milliseconds, at least 0. It includes the writer's queueing and the clock skew
   * between the two nodes. Values that arrive with the initial copy on join or with a split-brain merge
   * are not propagation and are not measured. {@code -1} until a value was measured (a cluster of one).
   */
  public long lastPropagationDelayMillis() {
    return lastPropagationDelayMillis;
  }

  @Override
  public String nodeName() {
    return self;
  }

  @Override
  public void putObservation(Observation o) {
    local(observations, o.key(), o);
  }

  @Override
  public boolean removeObservation(String endpoint, String node, long notAfterMillis) {
    String key = Observation.key(endpoint, node);
    Mirror.Held<Observation> removed = observations.mirror.remove(key, notAfterMillis, System.currentTimeMillis());
    if (removed == null) {
      return false;
    }
    writer.enqueueRemove(observations.map, key);
    changed();
    return true;
  }

  @Override
  public void putLoad(LoadReport r) {
    local(loads, r.region(), r);
  }

  /**
   * Stores the override when it is newer than the one held for its key, persists the whole set (when there
   * is a state directory) and then shares it.
   *
   * @throws java.io.UncheckedIOException when the file cannot be written; the override is then not applied
   */
  @Override
  public void putOverride(OperatorOverride o) {
    synchronized (overrideLock) {
      Mirror.Held<OperatorOverride> held = overrides.mirror.get(o.key());
      if (held != null && !Versions.newer(o, held.value())) {
        return;
      }
      if (store != null) {
        Map<String, OperatorOverride> next = new java.util.HashMap<>();
        for (Map.Entry<String, Mirror.Held<OperatorOverride>> e : overrides.mirror.entries().entrySet()) {
          next.put(e.getKey(), e.getValue().value());
        }
        next.put(o.key(), o);
        store.save(next.values());
      }
      local(overrides, o.key(), o);
    }
    log.info("Override {} {} active={} ts={} from {}", o.kind(), o.target(), o.active(), o.timestampMillis(),
        o.node());
  }

  private <V> void local(Replica<V> replica, String key, V value) {
    Mirror.Held<V> held = replica.mirror.offer(key, value);
    if (held == null) {
      return;
    }
    writer.enqueue(replica.map, key, held.json());
    changed();
  }

  @Override
  public Collection<Observation> observations() {
    return observations.mirror.values();
  }

  /** This member's copy of the replicated observations map, as Hazelcast holds it (for tests). */
  Map<String, String> observationReplica() {
    return observations.map;
  }

  /** This member's copy of the replicated overrides map, as Hazelcast holds it (for tests). */
  Map<String, String> overrideReplica() {
    return overrides.map;
  }

  @Override
  public Collection<LoadReport> loads() {
    return loads.mirror.values();
  }

  @Override
  public Collection<OperatorOverride> overrides() {
    return overrides.mirror.values();
  }

  @Override
  public List<MemberInfo> members() {
    Members snapshot = members;
    long now = System.currentTimeMillis();
    List<MemberInfo> out = new ArrayList<>(snapshot.names.size());
    for (int i = 0; i < snapshot.names.size(); i++) {
      String name = snapshot.names.get(i);
      boolean local = name.equals(self);
      long heard = local ? now : lastHeard.getOrDefault(name, snapshot.seenMillis);
      out.add(new MemberInfo(name, snapshot.addresses.get(i), local, heard, snapshot.regions.get(i),
          snapshot.forwardAddresses.get(i)));
    }
    return List.copyOf(out);
  }

  @Override
  public boolean probesLocally(String endpointKey) {
    return Rendezvous.owns(self, members.names, endpointKey, config.probeRedundancy());
  }

  @Override
  public void addListener(Runnable onChange) {
    listeners.add(onChange);
  }

  /**
   * Stops sharing: lets pending writes reach the cluster (bounded wait), persists overrides if needed,
   * leaves the cluster and stops the internal threads. Idempotent.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closed = true;
    // no shutdownNow on the tick: interrupting it mid-save would close the overrides file channel
    ticker.shutdown();
    events.shutdownNow();
    try {
      if (!ticker.awaitTermination(2, TimeUnit.SECONDS)) {
        ticker.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    persistIfDirty();
    writer.close(2, TimeUnit.SECONDS);
    try {
      hz.shutdown();
    } catch (RuntimeException e) {
      log.warn("Hazelcast shutdown of {} failed", self, e);
    }
    log.info("Cluster node {} stopped", self);
  }

  /** Runs {@code task} on the tick thread unless the node is closing. */
  private void onTicker(Runnable task) {
    try {
      ticker.execute(task);
    } catch (RejectedExecutionException e) {
      // closing: close() persists whatever is dirty
    }
  }

  /** Recomputes the member snapshot; synchronized so that a slow caller cannot publish an older list. */
  private synchronized void membershipChanged() {
    Set<Member> current = hz.getCluster().getMembers();
    List<String> names = new ArrayList<>(current.size());
    List<String> addresses = new ArrayList<>(current.size());
    List<String> regions = new ArrayList<>(current.size());
    List<String> forwardAddresses = new ArrayList<>(current.size());
    for (Member m : current) {
      String name = m.getAttribute(HazelcastSetup.NODE_ATTRIBUTE);
      if (name == null) {
        continue;
      }
      if (names.contains(name)) {
        log.error("Two members share node name '{}' ({}): node names must be unique", name, m.getAddress());
        continue;
      }
      names.add(name);
      addresses.add(hostPort(m));
      regions.add(m.getAttribute(HazelcastSetup.REGION_ATTRIBUTE));
      forwardAddresses.add(m.getAttribute(HazelcastSetup.FORWARD_ATTRIBUTE));
    }
    members = new Members(List.copyOf(names), List.copyOf(addresses), java.util.Collections.unmodifiableList(regions),
        java.util.Collections.unmodifiableList(forwardAddresses), System.currentTimeMillis());
    changed();
  }

  /** Every heartbeat interval: announce liveness, reconcile the replicas, persist remote overrides. */
  private void tick() {
    if (closed) {
      return;
    }
    try {
      beat(self);
      boolean changed = false;
      for (Replica<?> r : List.of(observations, loads, overrides)) {
        changed |= reconcile(r);
      }
      observations.mirror.pruneTombstones(System.currentTimeMillis() - TOMBSTONE_MILLIS);
      persistIfDirty();
      if (changed) {
        changed();
      }
    } catch (RuntimeException e) {
      if (!closed) {
        log.warn("Cluster tick on {} failed", self, e);
      }
    }
  }

  /** Writes a liveness stamp (or a resync request) to the heartbeat map, sealed like every shared value. */
  private void beat(String key) {
    String json = "{\"timestampMillis\":" + System.currentTimeMillis() + "}";
    writer.enqueue(heartbeats, key, admission.seal(HazelcastSetup.HEARTBEATS, key, json));
  }

  /**
   * A node name names a node's observations and overrides, so two members must not share one: a node that
   * finds its name already taken by another member stops instead of joining.
   */
  private void refuseDuplicateName() {
    Member local = hz.getCluster().getLocalMember();
    for (Member m : hz.getCluster().getMembers()) {
      if (!m.localMember() && self.equals(m.getAttribute(HazelcastSetup.NODE_ATTRIBUTE))) {
        throw new IllegalStateException("node name '" + self + "' is already used by the cluster member at "
            + hostPort(m) + " (this node: " + hostPort(local) + "); every node needs its own --node name");
      }
    }
  }

  /**
   * Values that are not admitted ({@link Admission}) are ignored and counted, and this node's own value of the
   * key, if it holds one, is written back over them; logged at most once a minute.
   */
  private <V> void refused(Replica<V> r, String key) {
    Mirror.Held<V> held = r.mirror.get(key);
    if (held != null) {
      writer.enqueue(r.map, key, held.json());
    }
    long now = System.currentTimeMillis();
    long last = lastRefusalLog.get();
    if (now - last >= 60_000 && lastRefusalLog.compareAndSet(last, now)) {
      log.warn("Refused a shared value for {} in {}: not sealed with this cluster's secret or stamped more than"
          + " {} s ahead of this node's clock ({} refused so far)", key, r.map.getName(),
          config.maxClockSkewSeconds(), refusedValueCount());
    }
  }

  /**
   * How many shared values this node refused: not sealed with the cluster secret, or stamped further ahead of
   * its clock than {@link ClusterConfig#maxClockSkewSeconds()} (see docs/clustering.md).
   */
  public long refusedValueCount() {
    return admission.unauthenticCount() + admission.futureCount();
  }

  /** Merges the local replica into the mirror and writes back what the replica lacks or holds older. */
  private <V> boolean reconcile(Replica<V> r) {
    boolean changed = false;
    for (Map.Entry<String, String> e : r.map.entrySet()) {
      Mirror.Outcome outcome = r.mirror.offerEncoded(e.getKey(), e.getValue());
      if (outcome == Mirror.Outcome.ACCEPTED) {
        changed = true;
        if (r == overrides) {
          overridesDirty.set(true);
        }
      } else if (outcome == Mirror.Outcome.STALE) {
        writer.enqueue(r.map, e.getKey(), r.mirror.get(e.getKey()).json());
      } else if (outcome == Mirror.Outcome.DELETED) {
        writer.enqueueRemove(r.map, e.getKey());
      } else if (outcome == Mirror.Outcome.REFUSED) {
        refused(r, e.getKey());
      }
    }
    for (Map.Entry<String, Mirror.Held<V>> e : r.mirror.entries().entrySet()) {
      if (!r.map.containsKey(e.getKey())) {
        writer.enqueue(r.map, e.getKey(), e.getValue().json());
      }
    }
    return changed;
  }

  /** Writes every value this node holds to the cluster again (for a member that merged in or joined). */
  private void reassertAll(String forNode, String how) {
    if (closed) {
      return;
    }
    int n = 0;
    for (Replica<?> r : List.of(observations, loads, overrides)) {
      for (Map.Entry<String, ? extends Mirror.Held<?>> e : r.mirror.entries().entrySet()) {
        writer.enqueue(r.map, e.getKey(), e.getValue().json());
        n++;
      }
    }
    log.info("Re-asserting {} value(s) for {}, which {} this cluster", n, forNode, how);
  }

  /** Writes the override set when it changed since the last save; on failure the next tick retries. */
  private void persistIfDirty() {
    if (store == null || !overridesDirty.getAndSet(false)) {
      return;
    }
    try {
      synchronized (overrideLock) {
        store.save(overrides.mirror.values());
      }
    } catch (RuntimeException e) {
      overridesDirty.set(true);
      log.error("Cannot persist overrides to {}", store.file(), e);
    }
  }

  /** Schedules one listener round; changes that arrive before it runs are covered by it. */
  private void changed() {
    if (closed || !notifyScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      events.execute(() -> {
        notifyScheduled.set(false);
        for (Runnable l : listeners) {
          try {
            l.run();
          } catch (RuntimeException e) {
            log.warn("Shared-state listener failed", e);
          }
        }
      });
    } catch (RejectedExecutionException e) {
      notifyScheduled.set(false);
    }
  }

  /** Records a propagation delay for a value stamped {@code timestampMillis} by {@code origin}. */
  private void measure(String origin, long timestampMillis) {
    if (self.equals(origin) || timestampMillis < liveSinceMillis) {
      return;
    }
    lastPropagationDelayMillis = Math.max(0, System.currentTimeMillis() - timestampMillis);
  }

  private static String hostPort(Member m) {
    String host = m.getAddress().getHost();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + m.getAddress().getPort();
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Member names (sorted as Hazelcast lists them, oldest first) and addresses, swapped as one snapshot. */
  /** Regions and forward addresses are null (not {@code List.copyOf}-able) for members that do not forward. */
  private record Members(List<String> names, List<String> addresses, List<String> regions,
      List<String> forwardAddresses, long seenMillis) {
    static final Members EMPTY = new Members(List.of(), List.of(), List.of(), List.of(), 0);
  }

  /** A replicated map with this node's mirror of it. */
  private record Replica<V>(ReplicatedMap<String, String> map, Mirror<V> mirror, Function<V, String> origin,
      ToLongFunction<V> timestamp) {}

  /** Feeds entry events of one replicated map into its mirror. Runs on Hazelcast's event threads. */
  private final class ReplicaListener<V> implements com.hazelcast.core.EntryListener<String, String> {
    private final Replica<V> replica;

    ReplicaListener(Replica<V> replica) {
      this.replica = replica;
    }

    @Override
    public void entryAdded(EntryEvent<String, String> e) {
      apply(e);
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> e) {
      apply(e);
    }

    private void apply(EntryEvent<String, String> e) {
      String json = e.getValue();
      if (json == null || closed) {
        return;
      }
      Mirror.Outcome outcome = replica.mirror.offerEncoded(e.getKey(), json);
      if (outcome == Mirror.Outcome.ACCEPTED) {
        V v = replica.mirror.get(e.getKey()).value();
        measure(replica.origin.apply(v), replica.timestamp.applyAsLong(v));
        if (replica == overrides && store != null) {
          overridesDirty.set(true);
          onTicker(ClusterNode.this::persistIfDirty);
        }
        changed();
      } else if (outcome == Mirror.Outcome.STALE) {
        Mirror.Held<V> held = replica.mirror.get(e.getKey());
        writer.enqueue(replica.map, e.getKey(), held.json());
      } else if (outcome == Mirror.Outcome.DELETED) {
        writer.enqueueRemove(replica.map, e.getKey());
      } else if (outcome == Mirror.Outcome.REFUSED) {
        refused(replica, e.getKey());
      } else if (outcome == Mirror.Outcome.INVALID) {
        log.warn("Ignoring undecodable value for {} in {}: {}", e.getKey(), replica.map.getName(), json);
      }
    }

    /**
     * Another node deleted an observation (its own, or an old one of a departed node): this node drops its
     * copy too and refuses copies as old, unless it holds a newer value of the key, which it writes back.
     */
    @Override
    public void entryRemoved(EntryEvent<String, String> e) {
      if (replica != observations || closed) {
        return;
      }
      Mirror.Held<Observation> held = observations.mirror.get(e.getKey());
      if (held == null || observations.map.containsKey(e.getKey())) {
        return; // nothing to drop, or written again since (its own event brings the value)
      }
      String goneJson = e.getOldValue() == null ? null
          : admission.open(HazelcastSetup.OBSERVATIONS, e.getKey(), e.getOldValue());
      Observation gone = goneJson == null ? null : Codec.OBSERVATIONS.decode(goneJson);
      long goneAt = gone == null ? held.value().timestampMillis() : gone.timestampMillis();
      if (gone != null && Versions.newer(held.value(), gone)) {
        writer.enqueue(observations.map, e.getKey(), held.json());
      } else if (observations.mirror.remove(e.getKey(), goneAt, System.currentTimeMillis()) != null) {
        changed();
      }
    }

    @Override
    public void entryEvicted(EntryEvent<String, String> e) {}

    @Override
    public void entryExpired(EntryEvent<String, String> e) {}

    @Override
    public void mapCleared(MapEvent e) {}

    @Override
    public void mapEvicted(MapEvent e) {}
  }

  /**
   * Records when each member's heartbeat last reached this node (local receive time) and measures its
   * propagation delay, so that the delay stays current in a quiet cluster.
   */
  private final class HeartbeatListener implements com.hazelcast.core.EntryListener<String, String> {
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
      long stamp = Codec.timestampOf(json);
      if (key.startsWith(HazelcastSetup.RESYNC_PREFIX)) {
        String from = key.substring(HazelcastSetup.RESYNC_PREFIX.length());
        // an old request arriving with the initial copy is not for us
        if (!from.equals(self) && stamp >= liveSinceMillis && !closed) {
          onTicker(() -> reassertAll(from, "merged into"));
        }
        return;
      }
      lastHeard.put(key, System.currentTimeMillis());
      measure(key, stamp);
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> e) {}

    @Override
    public void entryEvicted(EntryEvent<String, String> e) {}

    @Override
    public void entryExpired(EntryEvent<String, String> e) {}

    @Override
    public void mapCleared(MapEvent e) {}

    @Override
    public void mapEvicted(MapEvent e) {}
  }
}
