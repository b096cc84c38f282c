package io.aya.gslb.placement;

import io.aya.cluster.LoadReport;
import io.aya.cluster.NetworkReport;
import io.aya.cluster.SharedState;
import io.aya.gslb.geo.ClientLocation;
import io.aya.gslb.geo.GeoLocator;
import io.aya.gslb.geo.IpBits;
import io.aya.gslb.health.HealthSnapshot;
import io.aya.gslb.health.RegionStatus;
import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.Region;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the placement plan and publishes it to the answer path ({@link PlacementSource}): every
 * {@code interval} and shortly after any change of the shared state (health, drain, load reports), on one
 * thread of its own.
 *
 * <p><b>Every member plans</b>, from the inputs the cluster shares: the zones' regions (capacity,
 * {@code cost=}), the health view (drained regions and regions with no endpoint up are closed), the load
 * reports with their per-network breakdowns, and every node's {@link NetworkReport}: the answers it gave per
 * region and network (counted by {@link AnswerCounter}, decayed by half each interval) and the medians of the
 * RTT samples pushed to it ({@link RttTable}). Each node publishes its own report every {@code interval} (and at
 * once after RTT samples arrive); every member sums the fresh reports of all ({@link ClusterFigures}). The
 * planner is deterministic, so members with the same inputs publish the same plan and answer alike, without a
 * leader to elect or a plan to ship.
 *
 * <p><b>Demand</b> per network is the sum over the regions' fresh reports of its share: the breakdown when
 * the report has one (load not covered by it is the region's base load), else its share of the answers the
 * cluster counted for that region; a region with neither contributes only base load. The figures are taken as
 * reported, plus (predictive) each network's own trend one answer TTL ahead ({@link DemandForecast}), so rising
 * demand is planned for before it arrives.
 *
 * <p>Thread-safe: {@link #current} is one volatile read.
 */
public final class PlacementService implements PlacementSource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PlacementService.class);
  private static final int MAX_LOCATED = 200_000;
  /** Weight of older counts in the demand estimate at each round. */
  private static final double COUNT_DECAY = 0.5;
  /** Bounds on what one node shares: (region, network) answer counts and RTT pairs. */
  static final int MAX_SHARED_ANSWERS = 20_000;
  static final int MAX_SHARED_RTT = 20_000;

  private final Supplier<HealthSnapshot> health;
  private final SharedState shared;
  private final Clock clock;
  private final long intervalMillis;
  private final GeoLocator geo;
  private final AnswerCounter counter;
  private final RttTable rtt;
  private final PlacementParams params;
  private final PlacementPlanner planner = new PlacementPlanner();
  private final ScheduledExecutorService thread;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final DemandForecast forecast;
  private final Map<String, Map<String, Double>> counted = new TreeMap<>();
  private final Map<String, double[]> located = new HashMap<>();
  private volatile ZoneSet zones = ZoneSet.EMPTY;
  private volatile PlacementPlan plan = PlacementPlan.EMPTY;

  /**
   * @param shared where this node publishes its {@link NetworkReport} and reads every node's
   * @param predictive plan against the load forecast one answer TTL ahead (false: against the smoothed load)
   */
  public PlacementService(Supplier<HealthSnapshot> health, SharedState shared, GeoLocator geo, AnswerCounter counter,
      RttTable rtt, PlacementParams params, Duration interval, boolean predictive, Clock clock) {
    this.health = health;
    this.shared = shared;
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
    this.geo = geo;
    this.counter = counter;
    this.rtt = rtt;
    this.params = params;
    this.forecast = new DemandForecast(predictive);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "aya-placement");
      t.setDaemon(true);
      return t;
    });
    long ms = interval.toMillis();
    thread.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public PlacementPlan current() {
    return plan;
  }

  /** New zones: regions, capacities and costs may have changed. */
  public void onZones(ZoneSet zones) {
    this.zones = zones;
    requestPlan();
  }

  /** Plans again shortly (coalesced): call on any change of health, drains, load or RTT. */
  public void requestPlan() {
    if (pending.compareAndSet(false, true)) {
      // a moment later, so that the health view has been rebuilt from the same change
      thread.schedule(() -> {
        pending.set(false);
        planQuietly();
      }, 250, TimeUnit.MILLISECONDS);
    }
  }

  /** RTT samples arrived here: share them at once (the cluster's change then plans again everywhere). */
  public void onRttSamples() {
    thread.execute(() -> {
      try {
        publish();
      } catch (RuntimeException e) {
        log.warn("placement: cannot share this node's network report: {}", e.toString(), e);
      }
    });
  }

  /** Every interval: decay and share this node's counts, then plan. */
  private void tick() {
    try {
      decayCounts();
      publish();
    } catch (RuntimeException e) {
      log.warn("placement: cannot share this node's network report: {}", e.toString(), e);
    }
    planQuietly();
  }

  /** Writes this node's answers and RTT medians to the shared state (for every member's planner). */
  synchronized void publish() {
    Map<String, Map<String, Double>> answers = largest(counted, MAX_SHARED_ANSWERS);
    shared.putNetworkReport(new NetworkReport(shared.nodeName(), clock.millis(), answers,
        rtt.summary(MAX_SHARED_RTT)));
  }

  /** Region → network counts bounded to the {@code max} largest (ties by region, then network). */
  private static Map<String, Map<String, Double>> largest(Map<String, Map<String, Double>> counts, int max) {
    int size = 0;
    for (Map<String, Double> m : counts.values()) {
      size += m.size();
    }
    if (size <= max) {
      return counts;
    }
    List<Count> all = new ArrayList<>(size);
    counts.forEach((region, nets) -> nets.forEach((net, n) -> all.add(new Count(region, net, n))));
    // largest first; TreeMaps gave region then network order, and the sort is stable
    all.sort(Comparator.comparingDouble((Count c) -> -c.answers()));
    Map<String, Map<String, Double>> out = new TreeMap<>();
    for (Count c : all.subList(0, max)) {
      out.computeIfAbsent(c.region(), r -> new TreeMap<>()).put(c.network(), c.answers());
    }
    return out;
  }

  private record Count(String region, String network, double answers) {}

  private void planQuietly() {
    try {
      planNow();
    } catch (RuntimeException e) {
      log.warn("placement: planning failed, the previous plan stays: {}", e.toString(), e);
    }
  }

  /** Makes and publishes a plan now, on the caller's thread; returns it. For the service's thread and tests. */
  public synchronized PlacementPlan planNow() {
    HealthSnapshot view = health.get();
    Map<String, Region> regions = new TreeMap<>();
    long ttlMillis = 0;
    for (Zone z : zones.zones()) {
      regions.putAll(z.regions());
      for (BalancedName bn : z.balancedNames()) {
        if (bn.policy().capacity()) {
          ttlMillis = Math.max(ttlMillis, bn.policy().ttl() * 1000L);
        }
      }
    }
    // reports older than a few intervals are from nodes that stopped (left, crashed): their counts are stale
    List<NetworkReport> reports = ClusterFigures.fresh(shared.networkReports(),
        clock.millis() - Math.max(30_000, 6 * intervalMillis));
    Map<String, Map<String, Double>> answers = ClusterFigures.answers(reports);
    List<DemandForecast.RegionInput> inputs = new ArrayList<>(regions.size());
    for (Region r : regions.values()) {
      RegionStatus s = view.region(r.name());
      // the view's load is NaN without a fresh report
      LoadReport report = s == null || !Double.isFinite(s.load()) ? null : s.lastReport();
      inputs.add(new DemandForecast.RegionInput(r.name(), report, answers.get(r.name())));
    }
    DemandForecast.Demand demand = forecast.estimate(inputs, ttlMillis);
    List<Site> sites = new ArrayList<>();
    for (Region r : regions.values()) {
      RegionStatus s = view.region(r.name());
      boolean open = s == null || (!s.drained() && (s.endpointsTotal() == 0 || s.endpointsUp() > 0));
      double capacity = r.capacity() == 0 ? Double.POSITIVE_INFINITY : r.capacity();
      sites.add(new Site(r.name(), r.latitude(), r.longitude(), capacity, r.cost(), open,
          demand.base().getOrDefault(r.name(), 0.0)));
    }
    List<NetworkDemand> nets = new ArrayList<>(demand.networks().size());
    for (Map.Entry<String, Double> e : demand.networks().entrySet()) {
      double[] at = locate(e.getKey());
      nets.add(new NetworkDemand(e.getKey(), at[0], at[1], e.getValue(), demand.sources().get(e.getKey())));
    }
    PlacementPlan previous = plan;
    PlacementPlan next = nets.isEmpty() ? PlacementPlan.EMPTY
        : planner.plan(new PlacementProblem(sites, nets, ClusterFigures.rttMedians(reports), params), previous);
    plan = next;
    if (log.isDebugEnabled()) {
      log.debug("placement: planned {} networks, demand {} + base {} (by region {})", nets.size(),
          sum(demand.networks().values()), sum(demand.base().values()), loads(sites, next));
    }
    return next;
  }

  private static double sum(Iterable<Double> xs) {
    double t = 0;
    for (double x : xs) {
      t += x;
    }
    return Math.round(t * 10) / 10.0;
  }

  /** Region → the load the plan puts on it (base load included), for the debug log. */
  private static Map<String, Long> loads(List<Site> sites, PlacementPlan plan) {
    Map<String, Long> out = new TreeMap<>();
    for (Site s : sites) {
      out.put(s.name(), Math.round(plan.plannedLoad(s.name())));
    }
    return out;
  }

  private synchronized void decayCounts() {
    if (counter == null) {
      return;
    }
    Map<String, Map<String, Long>> fresh = counter.drain();
    for (Map<String, Double> m : counted.values()) {
      m.replaceAll((k, v) -> v * COUNT_DECAY);
      m.values().removeIf(v -> v < 0.01);
    }
    for (Map.Entry<String, Map<String, Long>> r : fresh.entrySet()) {
      Map<String, Double> m = counted.computeIfAbsent(r.getKey(), k -> new TreeMap<>());
      for (Map.Entry<String, Long> e : r.getValue().entrySet()) {
        m.merge(e.getKey(), (double) e.getValue(), Double::sum);
      }
    }
  }

  /** {lat, lon} of a network's first address by the geo locator (NaN when unknown), cached. */
  private double[] locate(String cidr) {
    double[] at = located.get(cidr);
    if (at == null) {
      IpBits.Cidr c = IpBits.Cidr.parse(cidr);
      ClientLocation loc = geo.locate(IpBits.toAddress(c.hi(), c.lo(), c.bits()), c.prefix());
      at = loc != null && loc.hasCoordinates()
          ? new double[] {loc.latitude(), loc.longitude()} : new double[] {Double.NaN, Double.NaN};
      if (located.size() >= MAX_LOCATED) {
        located.clear();
      }
      located.put(cidr, at);
    }
    return at;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
