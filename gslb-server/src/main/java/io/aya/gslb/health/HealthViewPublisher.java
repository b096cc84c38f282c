package io.aya.gslb.health;

import io.aya.cluster.Observation;
import io.aya.cluster.SharedState;
import io.aya.gslb.zone.ZoneSet;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derives this node's {@link HealthView} from the shared state and publishes it as one immutable
 * {@link HealthSnapshot} behind a volatile reference.
 *
 * <p>The view is rebuilt after every shared-state change (coalesced: many changes in a burst cause one
 * rebuild), on every {@link #onZones(ZoneSet)} (synchronously, so the new zones' endpoints are known when
 * it returns) and every {@code viewTick}, so that old observations and load reports expire without changes.
 *
 * <p>Rules, per checked endpoint of the served zones:
 * <ul>
 *   <li>Only observations by live members ({@link SharedState#members()}) younger than
 *       {@code staleIntervals × (interval + timeout)} of the endpoint's check count; the {@link Quorum} decides over them. With none, the
 *       {@link ColdStart} rule decides.
 *   <li>An endpoint this node saw down before a restart (persisted by {@link HealthMonitor}) stays down
 *       until an observation newer than that verdict exists, whatever the cold-start mode.
 *   <li>FORCE_UP / FORCE_DOWN overrides whose target (glob) matches the key: the newest matching one,
 *       active or not, decides; when it is active it replaces the check verdict (equal times: FORCE_DOWN).
 *       So {@code forceDown("*@192.0.2.10")} then {@code clearForce("example.com/web@192.0.2.10")} leaves
 *       that one endpoint to its checks.
 * </ul>
 * Per region: the newest matching DRAIN override decides (an undrain is an inactive one); load reports go
 * through a {@link LoadEstimator}, whose client lag is the largest answer TTL of the balanced names with
 * the capacity step and a pool in the region ({@link io.aya.gslb.zone.PolicySpec#DEFAULT_TTL} for a region without any).
 *
 * <p>The parts: {@link ServedTargets} (what the zones ask to judge), {@link HealthSnapshotBuilder} (applies
 * the rules above with {@link EndpointVerdicts}, {@link OverrideMatcher} and a {@link LoadEstimator} per
 * region) and {@link RegionGauges}; this class decides when to rebuild and publishes. Time comes from the
 * injected {@link Clock}.
 *
 * <p>Thread-safe. {@link #close()} stops the tick and detaches nothing else (the shared state's listeners
 * are cleared when it is closed).
 */
public final class HealthViewPublisher implements HealthViewSource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthViewPublisher.class);

  private final SharedState shared;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final AtomicBoolean rebuildPending = new AtomicBoolean();
  private final HealthSnapshotBuilder builder;
  private final RegionGauges gauges;
  private ServedTargets targets = ServedTargets.NONE;
  private volatile HealthSnapshot current = HealthSnapshot.EMPTY;
  private volatile boolean closed;

  public HealthViewPublisher(SharedState shared, HealthConfig config, MeterRegistry meters) {
    this(shared, config, meters, Map.of());
  }

  /**
   * @param downBeforeStart this node's down verdicts from before a restart, by endpoint key: such an
   *     endpoint is down (whatever the cold-start mode) until an observation newer than that verdict exists
   */
  public HealthViewPublisher(SharedState shared, HealthConfig config, MeterRegistry meters,
      Map<String, Observation> downBeforeStart) {
    this(shared, config, meters, downBeforeStart, Clock.systemUTC());
  }

  /** @param clock the time against which observations go stale and load reports expire */
  HealthViewPublisher(SharedState shared, HealthConfig config, MeterRegistry meters,
      Map<String, Observation> downBeforeStart, Clock clock) {
    this.shared = Objects.requireNonNull(shared, "shared");
    Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.builder = new HealthSnapshotBuilder(config, downBeforeStart);
    this.gauges = new RegionGauges(Objects.requireNonNull(meters, "meters"), this);
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "aya-health-view");
      t.setDaemon(true);
      return t;
    });
    shared.addListener(this::requestRebuild);
    long tick = config.viewTick().toMillis();
    executor.scheduleWithFixedDelay(this::rebuildQuietly, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** The current view; one volatile read. */
  @Override
  public HealthView current() {
    return current;
  }

  /** The current view with its details, for the admin API. */
  public HealthSnapshot snapshot() {
    return current;
  }

  /** Takes the endpoints and regions of newly published zones; rebuilds the view before returning. */
  public void onZones(ZoneSet zones) {
    ServedTargets next = ServedTargets.of(zones);
    synchronized (this) {
      targets = next;
      gauges.update(next.regions().keySet());
      gauges.updateEndpoints(next.endpoints());
      rebuild();
    }
  }

  /** Region names of the served zones (for validating operator input). */
  synchronized Set<String> regionNames() {
    return Set.copyOf(targets.regions().keySet());
  }

  /** Checked endpoint keys of the served zones (for validating operator input). */
  synchronized Set<String> endpointKeys() {
    return Set.copyOf(targets.endpoints().keySet());
  }

  /**
   * Rebuilds the view now from the shared state as this node holds it, so that a change this node just made
   * (an operator's drain, force or load report) is in the view, and in DNS answers, when the call that made it
   * returns. Changes from other nodes still arrive by the listener and the periodic rebuild.
   */
  public void refresh() {
    rebuildQuietly();
  }

  private void requestRebuild() {
    if (!closed && rebuildPending.compareAndSet(false, true)) {
      try {
        executor.execute(() -> {
          rebuildPending.set(false);
          rebuildQuietly();
        });
      } catch (RejectedExecutionException e) {
        rebuildPending.set(false);
      }
    }
  }

  private void rebuildQuietly() {
    try {
      synchronized (this) {
        rebuild();
      }
    } catch (RuntimeException e) {
      log.warn("Cannot rebuild the health view; keeping the previous one", e);
    }
  }

  /** Builds and publishes a new snapshot now (the caller holds the lock). */
  private void rebuild() {
    if (closed) {
      return;
    }
    current = builder.build(shared, targets, clock.millis());
  }

  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
    synchronized (this) {
      gauges.close();
    }
  }
}
