package io.aya.gslb.health;

import io.aya.cluster.LoadReport;
import io.aya.cluster.MemberInfo;
import io.aya.cluster.Observation;
import io.aya.cluster.OperatorOverride;
import io.aya.cluster.SharedState;
import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.Endpoint;
import io.aya.gslb.zone.PolicySpec;
import io.aya.gslb.zone.Pool;
import io.aya.gslb.zone.Region;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
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
 * the capacity step and a pool in the region ({@link PolicySpec#DEFAULT_TTL} for a region without any).
 *
 * <p>Thread-safe. {@link #close()} stops the tick and detaches nothing else (the shared state's listeners
 * are cleared when it is closed).
 */
public final class HealthViewPublisher implements HealthViewSource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthViewPublisher.class);

  private final SharedState shared;
  private final HealthConfig config;
  private final MeterRegistry meters;
  private final ScheduledExecutorService executor;
  private final AtomicBoolean rebuildPending = new AtomicBoolean();
  private final Map<String, LoadEstimator> estimators = new HashMap<>();
  private final Map<String, Pattern> globs = new HashMap<>();
  private final Map<String, Gauge> gauges = new HashMap<>();
  private final Map<String, Gauge> admitGauges = new HashMap<>();
  private final Map<String, Observation> downBeforeStart;
  private Map<String, Endpoint> endpoints = Map.of();
  private Map<String, Region> regions = Map.of();
  private Map<String, Long> lagMillis = Map.of();
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
    this.downBeforeStart = new HashMap<>(downBeforeStart);
    this.shared = Objects.requireNonNull(shared, "shared");
    this.config = Objects.requireNonNull(config, "config");
    this.meters = Objects.requireNonNull(meters, "meters");
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
    Map<String, Endpoint> eps = new LinkedHashMap<>();
    Map<String, Region> regs = new LinkedHashMap<>();
    Map<String, Long> lags = new HashMap<>();
    for (Zone z : zones.zones()) {
      for (BalancedName bn : z.balancedNames()) {
        // clients keep an answer for its TTL, so they follow a new admit fraction only within that time
        // (names without the capacity step do not follow it at all)
        for (Pool p : bn.policy().capacity() ? bn.pools() : List.<Pool>of()) {
          lags.merge(p.region().name(), bn.policy().ttl() * 1000, Math::max);
        }
      }
      for (Region r : z.regions().values()) {
        Region known = regs.get(r.name());
        // Region names are global; if zones disagree on capacity, the larger one is taken.
        if (known == null || r.capacity() > known.capacity()) {
          regs.put(r.name(), r);
        }
      }
      for (Endpoint e : z.endpoints()) {
        eps.putIfAbsent(e.key(), e);
      }
    }
    synchronized (this) {
      endpoints = eps;
      regions = regs;
      lagMillis = lags;
      updateGauges();
      rebuild();
    }
  }

  /** Region names of the served zones (for validating operator input). */
  synchronized Set<String> regionNames() {
    return Set.copyOf(regions.keySet());
  }

  /** Checked endpoint keys of the served zones (for validating operator input). */
  synchronized Set<String> endpointKeys() {
    return Set.copyOf(endpoints.keySet());
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
    long now = System.currentTimeMillis();
    Set<String> live = new HashSet<>();
    for (MemberInfo m : shared.members()) {
      live.add(m.node());
    }
    Map<String, List<Observation>> byEndpoint = new HashMap<>();
    for (Observation o : shared.observations()) {
      if (endpoints.containsKey(o.endpoint())) {
        byEndpoint.computeIfAbsent(o.endpoint(), k -> new ArrayList<>(4)).add(o);
      }
    }
    List<OperatorOverride> forces = new ArrayList<>();
    List<OperatorOverride> drains = new ArrayList<>();
    for (OperatorOverride o : shared.overrides()) {
      (o.kind() == OperatorOverride.Kind.DRAIN ? drains : forces).add(o);
    }
    Map<String, LoadReport> loads = new HashMap<>();
    for (LoadReport r : shared.loads()) {
      loads.put(r.region(), r);
    }
    if (globs.size() > 4096) {
      globs.clear();
    }

    Map<String, EndpointStatus> eps = new HashMap<>(endpoints.size() * 2);
    Map<String, int[]> upCounts = new HashMap<>();
    for (Endpoint e : endpoints.values()) {
      EndpointStatus s = endpointStatus(e, byEndpoint.getOrDefault(e.key(), List.of()), live, forces, now);
      eps.put(e.key(), s);
      int[] c = upCounts.computeIfAbsent(e.region(), k -> new int[2]);
      c[0] += s.up() ? 1 : 0;
      c[1]++;
    }
    Map<String, RegionStatus> regs = new HashMap<>(regions.size() * 2);
    for (Region r : regions.values()) {
      LoadEstimator est = estimators.computeIfAbsent(r.name(), k -> new LoadEstimator(config));
      est.update(loads.get(r.name()), now, r.capacity(),
          lagMillis.getOrDefault(r.name(), PolicySpec.DEFAULT_TTL * 1000));
      OperatorOverride drain = newestMatching(drains, r.name());
      int[] c = upCounts.getOrDefault(r.name(), new int[2]);
      regs.put(r.name(), new RegionStatus(r.name(), r.capacity(), drain != null && drain.active(), drain, est.load(),
          est.offered(), est.fraction(), est.lastReport(), c[0], c[1]));
    }
    estimators.keySet().retainAll(regions.keySet());
    current = new HealthSnapshot(now, eps, regs);
  }

  private EndpointStatus endpointStatus(Endpoint e, List<Observation> obs, Set<String> live,
      List<OperatorOverride> forces, long now) {
    // a check repeats every interval, but a slow probe (up to its timeout) delays the next one
    long freshAfter = now - config.staleIntervals() * (e.check().interval().toMillis() + e.check().timeout().toMillis());
    List<NodeObservation> views = new ArrayList<>(obs.size());
    int counted = 0;
    int down = 0;
    Observation newest = null;
    for (Observation o : obs) {
      boolean isLive = live.contains(o.node());
      boolean fresh = o.timestampMillis() >= freshAfter;
      boolean counts = isLive && fresh;
      if (counts) {
        counted++;
        down += o.up() ? 0 : 1;
      }
      if (newest == null || o.timestampMillis() > newest.timestampMillis()) {
        newest = o;
      }
      views.add(new NodeObservation(o.node(), o.up(), o.timestampMillis(), o.detail(), isLive, fresh, counts));
    }
    views.sort(Comparator.comparing(NodeObservation::node));
    boolean checkedUp;
    String reason;
    Observation before = downBeforeStart.get(e.key());
    if (before != null && newest != null && newest.timestampMillis() > before.timestampMillis()) {
      downBeforeStart.remove(e.key()); // superseded by a new result: the usual rules apply from now on
      before = null;
    }
    if (counted == 0 && before != null) {
      checkedUp = false;
      reason = "down before the restart (" + before.detail() + "), waiting for a first result";
    } else if (counted == 0) {
      checkedUp = config.coldStart() == ColdStart.ASSUME_UP;
      reason = "no fresh observation from a live member (cold start: "
          + (checkedUp ? "assumed up" : "waiting for a first result") + ")";
    } else {
      checkedUp = !config.quorum().down(down, counted);
      reason = down + " of " + counted + " observer(s) say down (" + config.quorum().name().toLowerCase() + ")";
    }
    OperatorOverride force = newestMatching(forces, e.key());
    boolean up = checkedUp;
    if (force != null && force.active()) {
      up = force.kind() == OperatorOverride.Kind.FORCE_UP;
      reason = "forced " + (up ? "up" : "down") + " by " + force.target() + " (" + force.node() + "); checks: " + reason;
    } else {
      force = null;
    }
    return new EndpointStatus(e.key(), e.zone(), e.region(), e.check().name(), e.address().getHostAddress(), up,
        checkedUp, reason, force, views, newest == null ? "" : newest.detail(),
        newest == null ? 0 : newest.timestampMillis());
  }

  /** The newest override (active or not) whose target matches {@code name}; equal times: the active / down one. */
  private OperatorOverride newestMatching(List<OperatorOverride> overrides, String name) {
    OperatorOverride best = null;
    for (OperatorOverride o : overrides) {
      if (!matches(o.target(), name)) {
        continue;
      }
      if (best == null || o.timestampMillis() > best.timestampMillis()
          || (o.timestampMillis() == best.timestampMillis() && rank(o) > rank(best))) {
        best = o;
      }
    }
    return best;
  }

  /** Tie-break on equal timestamps: the safe side wins (a drain over an undrain, down over up). */
  private static int rank(OperatorOverride o) {
    if (!o.active()) {
      return 0;
    }
    return o.kind() == OperatorOverride.Kind.FORCE_UP ? 1 : 2;
  }

  private boolean matches(String target, String name) {
    if (!Glob.isGlob(target)) {
      return target.equals(name);
    }
    return globs.computeIfAbsent(target, Glob::compile).matcher(name).matches();
  }

  private void updateGauges() {
    for (Map<String, Gauge> byRegion : List.of(gauges, admitGauges)) {
      for (Map.Entry<String, Gauge> g : new ArrayList<>(byRegion.entrySet())) {
        if (!regions.containsKey(g.getKey())) {
          meters.remove(g.getValue());
          byRegion.remove(g.getKey());
        }
      }
    }
    for (String name : regions.keySet()) {
      gauges.computeIfAbsent(name, n -> Gauge.builder("aya.region.load", this, p -> p.current.regionLoad(n))
          .tag("region", n)
          .description("Smoothed load of the region in capacity units (NaN without a fresh report)")
          .register(meters));
      admitGauges.computeIfAbsent(name, n -> Gauge.builder("aya.region.admit.fraction", this,
              p -> p.current.admitFraction(n))
          .tag("region", n)
          .description("Share of the region's offered demand the capacity step admits")
          .register(meters));
    }
  }

  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
    synchronized (this) {
      for (Map<String, Gauge> byRegion : List.of(gauges, admitGauges)) {
        for (Gauge g : byRegion.values()) {
          meters.remove(g);
        }
        byRegion.clear();
      }
    }
  }
}
