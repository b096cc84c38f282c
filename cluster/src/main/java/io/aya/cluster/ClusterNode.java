package io.aya.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *
 * <p>This class wires the parts and says what one tick does: {@link ReplicaSync} (mirrors and replicas),
 * {@link PersistedOverrides}, {@link Membership}, {@link Heartbeats}, {@link ClusterEvents} (what Hazelcast's
 * membership and lifecycle events set off), {@link ChangeNotifier} (listener fan-out),
 * {@link PropagationDelay} and {@link TickThread} (the one internal thread that runs the tick).
 */
public final class ClusterNode implements SharedState {
  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

  private final ClusterConfig config;
  private final String self;
  private final Clock clock;
  private final Admission admission;
  private final PersistedOverrides persisted;
  private final HazelcastInstance hz;
  private final ChangeNotifier notifier;
  private final PropagationDelay delay;
  private final Membership membership;
  private final Writer writer;
  private final ReplicaSync replicas;
  private final Heartbeats heartbeats;
  private final ReplicatedMap<String, String> heartbeatMap;
  private final MemberFacts facts;
  private final ClusterCommands commands;
  private final TickThread ticks;
  private final ClusterEvents events;
  private final AtomicBoolean closing = new AtomicBoolean();

  private ClusterNode(ClusterConfig config) {
    this.config = config;
    this.self = config.nodeName();
    this.clock = Clock.systemUTC();
    this.admission = new Admission(config.secret(), clock, TimeUnit.SECONDS.toMillis(config.maxClockSkewSeconds()));
    Mirror<OperatorOverride> overrideMirror = new Mirror<>(Codec.OVERRIDES, HazelcastSetup.OVERRIDES, admission,
        Versions::newer, OperatorOverride::timestampMillis);
    this.persisted = new PersistedOverrides(config.stateDir(), overrideMirror);
    persisted.load(admission);
    this.hz = startHazelcast(config);
    this.notifier = new ChangeNotifier(self);
    this.delay = new PropagationDelay(self, clock);
    this.membership = new Membership(self, hz.getCluster(), clock);
    this.writer = new Writer(self);
    this.ticks = new TickThread(self);
    try {
      this.replicas = new ReplicaSync(hz, overrideMirror, admission, writer, persisted, notifier, delay,
          ticks::execute, config.maxClockSkewSeconds(), clock);
      this.heartbeatMap = hz.getReplicatedMap(HazelcastSetup.HEARTBEATS);
      this.commands = new ClusterCommands(self, hz, admission);
    } catch (RuntimeException e) {
      hz.shutdown();
      throw e;
    }
    this.facts = new MemberFacts(self);
    this.heartbeats = new Heartbeats(self, heartbeatMap, admission, writer, membership, delay,
        from -> ticks.execute(() -> replicas.reassertAll(from, "merged into")), clock, facts);
    this.events = new ClusterEvents(self, 2L * config.heartbeatSeconds(), membership, notifier, replicas,
        heartbeats, delay, ticks);
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
    membership.refuseDuplicateName();
    delay.liveFromNow();
    replicas.listen();
    heartbeatMap.addEntryListener(heartbeats);
    hz.getCluster().addMembershipListener(events);
    hz.getLifecycleService().addLifecycleListener(events);
    events.membershipChanged();
    long period = TimeUnit.SECONDS.toMillis(config.heartbeatSeconds());
    ticks.start(this::tick, period);
    // likewise for this node's own first writes, made while it joined (see ClusterEvents.memberAdded)
    ticks.schedule(() -> replicas.reassertAll(self, "started in"), 2 * period, TimeUnit.MILLISECONDS);
    log.info("Cluster node {} started at {} (cluster '{}', {} member(s))", self, address(),
        config.clusterName(), membership.names().size());
  }

  /** The configuration this node runs with. */
  public ClusterConfig config() {
    return config;
  }

  /** The {@code host:port} this node's cluster endpoint listens on (the real port when configured as 0). */
  public String address() {
    return membership.localAddress();
  }

  /** Live members, this one included. */
  public int memberCount() {
    return membership.names().size();
  }

  /**
   * How often this node merged into another cluster after a split brain (Hazelcast's {@code MERGED}); only
   * the nodes of the side that merged count it.
   */
  public long mergeCount() {
    return events.mergeCount();
  }

  /**
   * For the latest value written by another node that reached this one (an observation, load report,
   * override or the other node's once-per-heartbeat liveness stamp): local receive time minus the value's
   * own timestamp, in milliseconds, at least 0. It includes the writer's queueing and the clock skew
   * between the two nodes. Values that arrive with the initial copy on join or with a split-brain merge
   * are not propagation and are not measured. {@code -1} until a value was measured (a cluster of one).
   */
  public long lastPropagationDelayMillis() {
    return delay.lastMillis();
  }

  /**
   * How many shared values this node refused: not sealed with the cluster secret, or stamped further ahead of
   * its clock than {@link ClusterConfig#maxClockSkewSeconds()} (see docs/clustering.md).
   */
  public long refusedValueCount() {
    return replicas.refusedCount();
  }

  @Override
  public String nodeName() {
    return self;
  }

  @Override
  public void putObservation(Observation o) {
    replicas.put(replicas.observations, o.key(), o);
  }

  @Override
  public boolean removeObservation(String endpoint, String node, long notAfterMillis) {
    return replicas.removeObservation(Observation.key(endpoint, node), notAfterMillis);
  }

  @Override
  public void putLoad(LoadReport r) {
    replicas.put(replicas.loads, r.region(), r);
  }

  /**
   * Stores the override when it is newer than the one held for its key, persists the whole set (when there
   * is a state directory) and then shares it.
   *
   * @throws NotPersistedException when the file cannot be written; the override is applied and shared all
   *     the same (failover must not wait for a disk), and the write is retried every heartbeat
   */
  @Override
  public void putOverride(OperatorOverride o) {
    if (persisted.put(o, () -> replicas.put(replicas.overrides, o.key(), o))) {
      log.info("Override {} {} active={} ts={} from {}", o.kind(), o.target(), o.active(), o.timestampMillis(),
          o.node());
    }
  }

  @Override
  public Collection<Observation> observations() {
    return replicas.observations.mirror().values();
  }

  /** This member's copy of the replicated observations map, as Hazelcast holds it (for tests). */
  Map<String, String> observationReplica() {
    return replicas.observations.map();
  }

  /** This member's copy of the replicated overrides map, as Hazelcast holds it (for tests). */
  Map<String, String> overrideReplica() {
    return replicas.overrides.map();
  }

  @Override
  public void putNetworkReport(NetworkReport r) {
    replicas.put(replicas.networks, r.node(), r);
  }

  @Override
  public Collection<NetworkReport> networkReports() {
    return replicas.networks.mirror().values();
  }

  @Override
  public Collection<LoadReport> loads() {
    return replicas.loads.mirror().values();
  }

  @Override
  public Collection<OperatorOverride> overrides() {
    return replicas.overrides.mirror().values();
  }

  @Override
  public List<MemberInfo> members() {
    return membership.members();
  }

  @Override
  public boolean probesLocally(String endpointKey) {
    return Rendezvous.owns(self, membership.names(), endpointKey, config.probeRedundancy());
  }

  /**
   * Publishes one fact about this node to the other members (with its heartbeat, and at once when it
   * changed); a null value withdraws it. Facts are small text the cluster module does not interpret.
   */
  public void publishFact(String key, String value) {
    if (facts.put(key, value)) {
      ticks.execute(heartbeats::beat);
    }
  }

  /**
   * The facts each live member published about itself (by node name, sorted; this node's own included); an
   * empty map for a member not heard from since it joined, or one of an older release.
   */
  public Map<String, Map<String, String>> memberFacts() {
    return facts.of(membership.names());
  }

  /**
   * Registers what this node does when a member {@link #broadcast}s {@code command}: the handler runs on one
   * background thread, gets the payload and returns the answer; an exception is answered as a failure with
   * its message.
   */
  public void onCommand(String command, java.util.function.Function<String, String> handler) {
    commands.handle(command, handler);
  }

  /**
   * Runs {@code command} on every live member (this one included) and waits at most {@code timeout} for the
   * answers, by node name; a member that leaves the cluster meanwhile is reported at once. Requests and
   * answers are authenticated with the cluster secret.
   */
  public Map<String, CommandResult> broadcast(String command, String payload, java.time.Duration timeout)
      throws InterruptedException {
    return commands.broadcast(command, payload, membership::names, timeout);
  }

  @Override
  public void addListener(Runnable onChange) {
    notifier.add(onChange);
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
    ticks.close();
    replicas.close();
    commands.close();
    notifier.close();
    persisted.persistIfDirty();
    writer.close(2, TimeUnit.SECONDS);
    try {
      hz.shutdown();
    } catch (RuntimeException e) {
      log.warn("Hazelcast shutdown of {} failed", self, e);
    }
    log.info("Cluster node {} stopped", self);
  }

  /** Every heartbeat interval: announce liveness, reconcile the replicas, persist remote overrides. */
  private void tick() {
    heartbeats.beat();
    boolean changed = replicas.reconcile();
    persisted.persistIfDirty();
    if (changed) {
      notifier.changed();
    }
  }

  static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
