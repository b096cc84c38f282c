package io.aya.gslb.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ramp scenario of {@link PlacementSimulation}: the networks within 12° of the first region grow their
 * demand by 60 % over 200 s (40 rounds of 5 s), then stay there for 50 s. Answers live for one 30 s TTL, so the split in
 * force is the mean of the last six plans' splits. Each round every region reports the load it got with its
 * per-network breakdown; the planner takes each network's demand as {@link PlacementService} does
 * ({@link DemandForecast}): as reported plus its own trend one TTL ahead (predictive), or as reported (not).
 * Not thread-safe.
 */
final class RampSimulation {
  private static final int RAMP = 40;
  private static final int FLAT = 10;
  /** The metro grows by this much of its demand over the ramp (+60 %: the world still fits at 95 %). */
  static final double GROWTH = 0.6;
  private static final int CACHED = (int) (PlacementSimulation.TTL_MS / PlacementSimulation.TICK_MS);

  private RampSimulation() {}

  /**
   * @param peakUtil the first region's highest utilisation under the splits in force
   * @param forecastErrorPct mean |forecast one TTL ahead − the metro's demand one TTL later| over the ramp, in %
   *     (the metro's networks' demand as the planner took it, predictive)
   * @param levelErrorPct the same for the demand as reported (what planning without the forecast assumes)
   */
  record Result(double peakUtil, double forecastErrorPct, double levelErrorPct) {}

  static Result run(PlacementSimulation.World w, long seed, boolean predictive) {
    List<Site> sites = w.sites();
    Site hot = sites.get(0);
    int regions = sites.size();
    boolean[] ramping = new boolean[w.networks().size()];
    for (int i = 0; i < ramping.length; i++) {
      NetworkDemand n = w.networks().get(i);
      ramping[i] = Math.abs(n.latitude() - hot.latitude()) < 12 && Math.abs(n.longitude() - hot.longitude()) < 12;
    }
    PlacementPlanner planner = new PlacementPlanner();
    DemandForecast demand = new DemandForecast(predictive);
    List<PlacementPlan> recent = new ArrayList<>();
    PlacementPlan plan = planner.plan(
        new PlacementProblem(sites, w.networks(), Map.of(), PlacementParams.DEFAULTS), PlacementPlan.EMPTY);
    recent.add(plan);
    double peak = 0;
    double forecastError = 0;
    double levelError = 0;
    int measured = 0;
    double[] pendingForecast = new double[RAMP + FLAT + CACHED + 1];
    double[] pendingLevel = new double[pendingForecast.length];
    for (int t = 0; t <= RAMP + FLAT; t++) {
      long now = t * PlacementSimulation.TICK_MS;
      double growth = 1 + GROWTH * Math.min(t, RAMP) / RAMP;
      double[] load = new double[regions];
      double[][] parts = new double[w.networks().size()][regions];
      double metroDemand = 0;
      for (int i = 0; i < parts.length; i++) {
        NetworkDemand n = w.networks().get(i);
        double d = n.demand() * (ramping[i] ? growth : 1);
        metroDemand += ramping[i] ? d : 0;
        for (PlacementPlan p : recent) {
          for (Map.Entry<String, Double> f : p.split(n.network()).entrySet()) {
            int r = index(sites, f.getKey());
            parts[i][r] += d * f.getValue() / recent.size();
          }
        }
      }
      for (double[] part : parts) {
        for (int r = 0; r < regions; r++) {
          load[r] += part[r];
        }
      }
      peak = Math.max(peak, load[0] / hot.capacity());
      // how far ahead the forecast tracks: compare what was forecast one TTL ago with the demand now
      if (t >= CACHED + 3 && t <= RAMP) {
        forecastError += Math.abs(pendingForecast[t] - metroDemand) / metroDemand;
        levelError += Math.abs(pendingLevel[t] - metroDemand) / metroDemand;
        measured++;
      }
      // without the forecast the plan assumes the demand as reported now
      pendingLevel[t + CACHED] = metroDemand;
      // each region reports what it got, broken down by network; the service's demand model takes it from there
      List<DemandForecast.RegionInput> inputs = new ArrayList<>(regions);
      for (int r = 0; r < regions; r++) {
        Map<String, Double> breakdown = new java.util.TreeMap<>();
        for (int i = 0; i < parts.length; i++) {
          if (parts[i][r] > 0) {
            breakdown.put(w.networks().get(i).network(), parts[i][r]);
          }
        }
        inputs.add(new DemandForecast.RegionInput(sites.get(r).name(),
            new io.aya.cluster.LoadReport(sites.get(r).name(), "sim", load[r], now, breakdown), null));
      }
      Map<String, Double> expected = demand.estimate(inputs, PlacementSimulation.TTL_MS).networks();
      double metroExpected = 0;
      for (int i = 0; i < ramping.length; i++) {
        metroExpected += ramping[i] ? expected.getOrDefault(w.networks().get(i).network(), 0.0) : 0;
      }
      pendingForecast[t + CACHED] = metroExpected;
      List<NetworkDemand> nets = new ArrayList<>(parts.length);
      for (NetworkDemand n : w.networks()) {
        nets.add(new NetworkDemand(n.network(), n.latitude(), n.longitude(), expected.getOrDefault(n.network(), 0.0),
            DemandSource.REPORTED));
      }
      plan = planner.plan(new PlacementProblem(sites, nets, Map.of(), PlacementParams.DEFAULTS), plan);
      recent.add(plan);
      if (recent.size() > CACHED) {
        recent.remove(0);
      }
    }
    return new Result(peak, 100 * forecastError / measured, 100 * levelError / measured);
  }

  private static int index(List<Site> sites, String name) {
    for (int r = 0; r < sites.size(); r++) {
      if (sites.get(r).name().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException(name);
  }
}
