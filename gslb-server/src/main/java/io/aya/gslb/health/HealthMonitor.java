package io.aya.gslb.health;

import io.aya.cluster.LoadReport;
import io.aya.cluster.MemberInfo;
import io.aya.cluster.Observation;
import io.aya.cluster.SharedState;
import io.aya.gslb.zone.CheckSpec;
import io.aya.gslb.zone.Endpoint;
import io.aya.gslb.zone.LoadProbe;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this node's active health checks and load probes and publishes their results to the cluster.
 *
 * <p>{@link #onZones(ZoneSet)} (call it with every published zone set) starts checks for new endpoints,
 * stops those that disappeared and keeps the state of unchanged ones (same key, same {@code CheckSpec}).
 * Only endpoints for which {@link SharedState#probesLocally(String)} is true are probed here; that is
 * re-evaluated whenever the member list changes, and endpoints taken over from a member that left get their
 * first probe within {@link #TAKEOVER_SPREAD} rather than within one check interval. Check results are
 * published as {@link Observation}s at once when the verdict or its detail changes, and otherwise every
 * {@code staleIntervals - 1.5} intervals so
 * that timestamps stay fresh; each load reading as a {@link LoadReport}. Writes to the shared state happen on one internal thread, never on an event loop.
 *
 * <p>Deleting observations (every {@link HealthConfig#viewTick()}, on the same thread, so that a result of
 * a check that was just stopped is dropped rather than written after the deletion): this node deletes its
 * own observation of an endpoint it no longer probes (it left the zones, or the probe plan moved it to
 * other members, or it was written before a restart) once the observation is stale, i.e. older than
 * {@code staleIntervals × (interval + timeout) + interval}, so that the deletion never changes a verdict (a stale one
 * does not count). It deletes another node's observation only when that node is not a live member and the
 * observation is older than {@link HealthConfig#observationRetention()} and than twice the staleness bound.
 *
 * <p>With a state directory, the endpoints this node last saw down are kept in a {@link VerdictStore}: a
 * check (re)started for such an endpoint starts down instead of in the {@link ColdStart} state, and
 * {@link #downBeforeStart()} hands the persisted set to the view, so a restart never answers them before
 * their first new result.
 *
 * <p>Thread-safe. {@link #close()} stops everything; call it at shutdown before closing the shared state.
 */
public final class HealthMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);
  private static final String LOAD_PREFIX = "$LOAD ";
  /**
   * First probes of endpoints taken over from a member that left come within this, not within one interval:
   * until this node reports, the endpoint's only live observers are the remaining ones, and a quorum of one
   * lets a single broken path fail it.
   */
  static final Duration TAKEOVER_SPREAD = Duration.ofMillis(250);

  private final SharedState shared;
  private final HealthConfig config;
  private final MeterRegistry meters;
  private final HealthProber prober;
  private final ScheduledExecutorService writer;
  private final AtomicBoolean membershipCheckPending = new AtomicBoolean();
  private final Map<String, Endpoint> wanted = new LinkedHashMap<>();
  private final Map<String, LoadProbe> wantedLoads = new LinkedHashMap<>();
  private final Map<String, EndpointCheck> running = new HashMap<>();
  private final Map<String, LoadProbeTask> runningLoads = new HashMap<>();
  /** Checks of endpoints this node stopped probing, until its observation of them is deleted. */
  private final Map<String, CheckSpec> retired = new HashMap<>();
  private final VerdictStore verdicts;
  /** This node's down verdicts by endpoint key (persisted when {@link #verdicts} is set). */
  private final Map<String, Observation> down = new ConcurrentHashMap<>();
  private final Map<String, Observation> downBeforeStart;
  private List<String> members = List.of();
  private boolean zonesSeen;
  private boolean closed;

  public HealthMonitor(SharedState shared, HealthConfig config, MeterRegistry meters) {
    this(shared, config, meters, null);
  }

  /**
   * @param stateDir where to remember the endpoints seen down across restarts, or null for memory only
   */
  public HealthMonitor(SharedState shared, HealthConfig config, MeterRegistry meters, Path stateDir) {
    this.shared = Objects.requireNonNull(shared, "shared");
    this.config = Objects.requireNonNull(config, "config");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.prober = new HealthProber(config.ioThreads());
    this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "aya-health-publish");
      t.setDaemon(true);
      return t;
    });
    this.verdicts = stateDir == null ? null : new VerdictStore(stateDir);
    this.downBeforeStart = verdicts == null ? Map.of() : Map.copyOf(verdicts.load());
    down.putAll(downBeforeStart);
    if (!downBeforeStart.isEmpty()) {
      log.info("{} endpoint(s) were down before the restart ({}): not answered until a new result",
          downBeforeStart.size(), verdicts.file());
    }
    this.members = memberNames();
    shared.addListener(this::onSharedChange);
    long sweep = config.viewTick().toMillis();
    writer.scheduleWithFixedDelay(this::deleteObservationsQuietly, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  /** The down verdicts persisted before this start, by endpoint key (empty without a state directory). */
  public Map<String, Observation> downBeforeStart() {
    return downBeforeStart;
  }

  /** Reconciles the running checks and load probes with {@code zones}. */
  public synchronized void onZones(ZoneSet zones) {
    if (closed) {
      return;
    }
    wanted.clear();
    wantedLoads.clear();
    for (Zone z : zones.zones()) {
      for (Endpoint e : z.endpoints()) {
        wanted.putIfAbsent(e.key(), e);
      }
      for (LoadProbe p : z.loadProbes()) {
        wantedLoads.putIfAbsent(LOAD_PREFIX + p.region() + " " + p.url() + " " + p.field(), p);
      }
    }
    zonesSeen = true;
    reconcile(false);
  }

  /** Keys of the endpoints this node probes now (for the admin API and tests). */
  public synchronized List<String> probedEndpoints() {
    return List.copyOf(running.keySet());
  }

  /** This node's newest probe result per endpoint it probes (endpoints not yet probed are absent). */
  public synchronized Map<String, LastCheck> lastChecks() {
    Map<String, LastCheck> out = new HashMap<>();
    for (Map.Entry<String, EndpointCheck> e : running.entrySet()) {
      LastCheck c = e.getValue().lastCheck();
      if (c != null) {
        out.put(e.getKey(), c);
      }
    }
    return out;
  }

  /** @param takeover the member list changed: checks started now take over from a member that left */
  private void reconcile(boolean takeover) {
    int started = 0;
    int stopped = 0;
    for (Iterator<Map.Entry<String, EndpointCheck>> it = running.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, EndpointCheck> e = it.next();
      Endpoint want = wanted.get(e.getKey());
      if (want == null || !want.check().equals(e.getValue().endpoint().check())
          || !want.address().equals(e.getValue().endpoint().address()) || !shared.probesLocally(e.getKey())) {
        e.getValue().stop();
        retired.put(e.getKey(), e.getValue().endpoint().check());
        it.remove();
        stopped++;
      }
    }
    for (Map.Entry<String, Endpoint> e : wanted.entrySet()) {
      if (!running.containsKey(e.getKey()) && shared.probesLocally(e.getKey())) {
        // seen down (before a restart, or by the check this one replaces): start down, the first result decides
        ColdStart start = down.containsKey(e.getKey()) ? ColdStart.WAIT_FIRST_ROUND : config.coldStart();
        EndpointCheck c = new EndpointCheck(e.getValue(), shared.nodeName(), prober, start,
            refreshMillis(e.getValue()), this::publishObservation, meters);
        running.put(e.getKey(), c);
        if (takeover) {
          c.startWithin(TAKEOVER_SPREAD);
        } else {
          c.start();
        }
        started++;
      }
    }
    for (String key : List.copyOf(down.keySet())) {
      if (!wanted.containsKey(key)) {
        forget(key);
      }
    }
    for (Iterator<Map.Entry<String, LoadProbeTask>> it = runningLoads.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, LoadProbeTask> e = it.next();
      if (!wantedLoads.containsKey(e.getKey()) || !shared.probesLocally(e.getKey())) {
        e.getValue().stop();
        it.remove();
      }
    }
    for (Map.Entry<String, LoadProbe> e : wantedLoads.entrySet()) {
      if (!runningLoads.containsKey(e.getKey()) && shared.probesLocally(e.getKey())) {
        LoadProbeTask t = new LoadProbeTask(e.getValue(), shared.nodeName(), prober, this::publishLoad, meters);
        runningLoads.put(e.getKey(), t);
        t.start();
      }
    }
    if (started > 0 || stopped > 0) {
      log.info("Health checks: {} started, {} stopped, {} running of {} endpoints; {} load probe(s)", started,
          stopped, running.size(), wanted.size(), runningLoads.size());
    }
  }

  private long refreshMillis(Endpoint e) {
    return refreshMillis(e.check(), config.staleIntervals());
  }

  /**
   * How often an unchanged verdict is re-published: once it is {@code (staleIntervals - 1.5) × interval}
   * old, i.e. about every other check with the default of 3. The view ignores observations older than
   * {@code staleIntervals × (interval + timeout)}, and results arrive up to {@code 1.1 × interval + timeout}
   * apart (jitter, and a slow probe after a fast one), so the newest published verdict is at most
   * {@code (staleIntervals - 0.4) × interval + timeout} old: fresh with a margin of {@code 0.4 × interval}
   * for the write to reach the cluster, whatever the timeout. (Re-publishing only after
   * {@code staleIntervals - 1} intervals let a down verdict go stale for a moment when the timeout is short
   * against the interval, e.g. 60 s / 1 s, and the endpoint flip to the cold-start rule.)
   */
  static long refreshMillis(CheckSpec check, int staleIntervals) {
    return (staleIntervals - 1) * check.interval().toMillis() - check.interval().toMillis() / 2;
  }

  private void publishObservation(Observation o) {
    submit(() -> {
      synchronized (this) {
        if (!running.containsKey(o.endpoint())) {
          return; // the check stopped while this result was on its way: it must not re-create the entry
        }
      }
      shared.putObservation(o);
      boolean changed = o.up() ? down.remove(o.endpoint()) != null : down.put(o.endpoint(), o) == null;
      if (changed) {
        persistDown();
      }
    });
  }

  private void deleteObservationsQuietly() {
    try {
      deleteObservations(System.currentTimeMillis());
    } catch (RuntimeException e) {
      log.warn("Cannot delete old observations from the shared state", e);
    }
  }

  /**
   * Deletes this node's stale observations of endpoints it does not probe and old ones of departed nodes
   * (see the class comment). Runs on the writer thread only, after any result published before it.
   */
  private void deleteObservations(long now) {
    String self = shared.nodeName();
    Set<String> live = new HashSet<>(memberNames());
    Set<String> probed;
    Map<String, CheckSpec> specs = new HashMap<>();
    synchronized (this) {
      if (!zonesSeen || closed) {
        return; // before the first zones every endpoint looks unprobed
      }
      probed = Set.copyOf(running.keySet());
      specs.putAll(retired);
      for (Endpoint e : wanted.values()) {
        specs.put(e.key(), e.check());
      }
    }
    Set<String> ownUnprobed = new HashSet<>();
    int deleted = 0;
    for (Observation o : shared.observations()) {
      CheckSpec spec = specs.get(o.endpoint());
      // one interval more than the view's bound: margin for clock skew and for the write to spread
      long staleAfter = spec == null ? 0 : staleMillis(spec, config.staleIntervals()) + spec.interval().toMillis();
      long age = now - o.timestampMillis();
      boolean delete;
      if (o.node().equals(self)) {
        if (probed.contains(o.endpoint())) {
          continue;
        }
        ownUnprobed.add(o.endpoint());
        delete = age > staleAfter;
      } else {
        delete = !live.contains(o.node())
            && age > Math.max(config.observationRetention().toMillis(), 2 * staleAfter);
      }
      if (delete && shared.removeObservation(o.endpoint(), o.node(), o.timestampMillis())) {
        deleted++;
      }
    }
    synchronized (this) {
      // an endpoint retired here whose observation is gone (or was never written) needs its spec no longer
      retired.keySet().removeIf(k -> !ownUnprobed.contains(k) || running.containsKey(k));
    }
    if (deleted > 0) {
      log.info("Deleted {} observation(s) no longer kept from the shared state", deleted);
    }
  }

  /** How old an observation of an endpoint with {@code check} is when the view stops counting it. */
  static long staleMillis(CheckSpec check, int staleIntervals) {
    return staleIntervals * (check.interval().toMillis() + check.timeout().toMillis());
  }

  /** Drops the down verdict of an endpoint that left the zones. */
  private void forget(String key) {
    if (down.remove(key) != null) {
      submit(this::persistDown);
    }
  }

  /** Runs on the writer thread only. */
  private void persistDown() {
    if (verdicts != null) {
      verdicts.save(List.copyOf(down.values()));
    }
  }

  private void publishLoad(LoadReport r) {
    submit(() -> shared.putLoad(r));
  }

  private void submit(Runnable write) {
    try {
      writer.execute(() -> {
        try {
          write.run();
        } catch (RuntimeException e) {
          log.warn("Cannot publish to the shared state", e);
        }
      });
    } catch (RejectedExecutionException e) {
      // closing: the result is dropped
    }
  }

  /** Listener for any shared-state change: re-plans the checks only when the member list changed. */
  private void onSharedChange() {
    if (membershipCheckPending.compareAndSet(false, true)) {
      submit(() -> {
        membershipCheckPending.set(false);
        List<String> now = memberNames();
        synchronized (this) {
          if (!closed && !now.equals(members)) {
            log.info("Cluster members changed {} -> {}: re-planning health checks", members, now);
            members = now;
            reconcile(true);
          }
        }
      });
    }
  }

  private List<String> memberNames() {
    List<String> names = new ArrayList<>();
    for (MemberInfo m : shared.members()) {
      names.add(m.node());
    }
    names.sort(null);
    return names;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      for (EndpointCheck c : running.values()) {
        c.stop();
      }
      for (LoadProbeTask t : runningLoads.values()) {
        t.stop();
      }
      running.clear();
      runningLoads.clear();
    }
    writer.shutdown();
    try {
      writer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    prober.close();
  }
}
