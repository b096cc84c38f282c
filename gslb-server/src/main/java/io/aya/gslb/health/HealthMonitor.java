package io.aya.gslb.health;

import io.aya.cluster.LoadReport;
import io.aya.cluster.Observation;
import io.aya.cluster.SharedState;
import io.aya.gslb.zone.CheckSpec;
import io.aya.gslb.zone.ZoneSet;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this node's active health checks and load probes and publishes their results to the cluster.
 *
 * <p>{@link #onZones(ZoneSet)} (call it with every published zone set) starts checks for new endpoints,
 * stops those that disappeared and keeps the state of unchanged ones (same key, same {@code CheckSpec}): see
 * {@link CheckPlan}. Only endpoints for which {@link SharedState#probesLocally(String)} is true are probed
 * here; that is re-evaluated whenever the member list changes, and endpoints taken over from a member that
 * left get their first probe within {@link CheckPlan#TAKEOVER_SPREAD} rather than within one check interval. Check results are
 * published as {@link Observation}s at once when the verdict or its detail changes, and otherwise every
 * {@code staleIntervals - 1.5} intervals so
 * that timestamps stay fresh; each load reading as a {@link LoadReport}. Writes to the shared state happen on one internal thread, never on an event loop.
 *
 * <p>Deleting observations ({@link ObservationSweeper}, every {@link HealthConfig#viewTick()}, on the same
 * thread, so that a result of a check that was just stopped is dropped rather than written after the
 * deletion): this node deletes its own observation of an endpoint it no longer probes (it left the zones, or the probe plan moved it to
 * other members, or it was written before a restart) once the observation is stale, i.e. older than
 * {@code staleIntervals × (interval + timeout) + interval}, so that the deletion never changes a verdict (a stale one
 * does not count). It deletes another node's observation only when that node is not a live member and the
 * observation is older than {@link HealthConfig#observationRetention()} and than twice the staleness bound.
 *
 * <p>With a state directory, the endpoints this node last saw down are kept ({@link DownVerdicts}): a
 * check (re)started for such an endpoint starts down instead of in the {@link ColdStart} state, and
 * {@link #downBeforeStart()} hands the persisted set to the view, so a restart never answers them before
 * their first new result.
 *
 * <p>Thread-safe. {@link #close()} stops everything; call it at shutdown before closing the shared state.
 */
public final class HealthMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

  private final SharedState shared;
  private final HealthProber prober;
  private final ScheduledExecutorService writer;
  private final DownVerdicts down;
  private final CheckPlan plan;
  private final ObservationSweeper sweeper;
  private boolean zonesSeen;
  private boolean closed;

  public HealthMonitor(SharedState shared, HealthConfig config, MeterRegistry meters) {
    this(shared, config, meters, null);
  }

  /**
   * @param stateDir where to remember the endpoints seen down across restarts, or null for memory only
   */
  public HealthMonitor(SharedState shared, HealthConfig config, MeterRegistry meters, Path stateDir) {
    this(shared, config, meters, stateDir, Clock.systemUTC());
  }

  /** @param clock stamps results and ages observations for the sweeper */
  HealthMonitor(SharedState shared, HealthConfig config, MeterRegistry meters, Path stateDir, Clock clock) {
    this.shared = Objects.requireNonNull(shared, "shared");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(meters, "meters");
    this.prober = new HealthProber(config.ioThreads());
    this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "aya-health-publish");
      t.setDaemon(true);
      return t;
    });
    this.down = new DownVerdicts(stateDir);
    this.plan = new CheckPlan(shared, config, prober, down, this::publishObservation, this::publishLoad, meters,
        clock);
    this.sweeper = new ObservationSweeper(shared, config, clock);
    // lives as the shared state's listener; its tasks run on the writer thread, after results published before
    new MemberListWatch(shared, this::submit, this::onMembersChanged);
    long sweep = config.viewTick().toMillis();
    writer.scheduleWithFixedDelay(this::sweepQuietly, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  /** The down verdicts persisted before this start, by endpoint key (empty without a state directory). */
  public Map<String, Observation> downBeforeStart() {
    return down.beforeStart();
  }

  /** Reconciles the running checks and load probes with {@code zones}. */
  public synchronized void onZones(ZoneSet zones) {
    if (closed) {
      return;
    }
    plan.want(zones);
    zonesSeen = true;
    reconcile(false);
  }

  /** Keys of the endpoints this node probes now (for the admin API and tests). */
  public synchronized List<String> probedEndpoints() {
    return plan.probed();
  }

  /** This node's newest probe result per endpoint it probes (endpoints not yet probed are absent). */
  public synchronized Map<String, LastCheck> lastChecks() {
    return plan.lastChecks();
  }

  /** The caller holds the lock. */
  private void reconcile(boolean takeover) {
    plan.reconcile(takeover);
    if (down.retainOnly(plan.wantedKeys())) {
      submit(down::persist);
    }
  }

  private void publishObservation(Observation o) {
    submit(() -> {
      synchronized (this) {
        if (!plan.isRunning(o.endpoint())) {
          return; // the check stopped while this result was on its way: it must not re-create the entry
        }
      }
      shared.putObservation(o);
      down.record(o);
    });
  }

  private void publishLoad(LoadReport r) {
    submit(() -> shared.putLoad(r));
  }

  /** Runs on the writer thread only, after any result published before it. */
  private void sweepQuietly() {
    try {
      Set<String> probed;
      Map<String, CheckSpec> specs;
      synchronized (this) {
        if (!zonesSeen || closed) {
          return; // before the first zones every endpoint looks unprobed
        }
        probed = Set.copyOf(plan.probed());
        specs = plan.specs();
      }
      Set<String> ownUnprobed = sweeper.sweep(probed, specs);
      synchronized (this) {
        // an endpoint retired here whose observation is gone (or was never written) needs its spec no longer
        plan.pruneRetired(ownUnprobed);
      }
    } catch (RuntimeException e) {
      log.warn("Cannot delete old observations from the shared state", e);
    }
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

  /** On the writer thread: endpoints taken over from a member that left are probed soon. */
  private synchronized void onMembersChanged(List<String> before, List<String> now) {
    if (!closed) {
      log.info("Cluster members changed {} -> {}: re-planning health checks", before, now);
      reconcile(true);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      plan.stopAll();
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
