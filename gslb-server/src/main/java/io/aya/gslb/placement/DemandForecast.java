package io.aya.gslb.placement;

import io.aya.cluster.LoadReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each client network's demand as the planner takes it, from the regions' fresh load reports, and each region's
 * base load (what no network accounts for).
 *
 * <p><b>The figures are trusted.</b> A network's demand is the sum of what the reports say it sends to each
 * region: its figure in a report's breakdown ({@link DemandSource#REPORTED}), else its share of the region's
 * load by the answers the cluster counted for that region ({@link DemandSource#ESTIMATED}). The sum does not
 * depend on the plan: a network the plan moves leaves one report and appears in another with the same demand.
 * A region's load does depend on it, so nothing is scaled by a region's smoothed load or its trend (that made
 * a region whose load the plan had just moved look empty or full for several reports, and the plan chased the
 * error: docs/placement.md).
 *
 * <p><b>Predictive</b> (the default): to each network's figure is added its own trend one answer TTL ahead,
 * Holt's linear trend ({@link HoltForecast} with the level at the figure itself, trend weight
 * {@link HoltForecast#BETA}) over the network's figures, each taken at the newest timestamp of the reports that
 * make it up; a region's base load likewise over its reports. So a network whose demand rises is planned for
 * where it will be when the answers handed out now expire; a steady one is planned as reported. Networks and
 * regions absent from a round are forgotten.
 *
 * <p>Not thread-safe: the planner's thread.
 */
final class DemandForecast {
  private final boolean predictive;
  private Map<String, HoltForecast> networkTrends = new HashMap<>();
  private Map<String, HoltForecast> baseTrends = new HashMap<>();

  /** @param predictive add each figure's trend one TTL ahead (false: plan on the figures as reported) */
  DemandForecast(boolean predictive) {
    this.predictive = predictive;
  }

  /**
   * One region's input.
   *
   * @param report its fresh load report, or null when it has none
   * @param answers the answers the cluster counted for it by network (for a report without breakdown), or null
   */
  record RegionInput(String region, LoadReport report, Map<String, Double> answers) {}

  /**
   * One round's demand.
   *
   * @param networks demand per network, in name order
   * @param sources where each network's figure came from
   * @param base base load per region that had a fresh report
   */
  record Demand(Map<String, Double> networks, Map<String, DemandSource> sources, Map<String, Double> base) {}

  /** The demand {@code aheadMillis} after the reports (as reported when not predictive). */
  Demand estimate(List<RegionInput> regions, long aheadMillis) {
    Map<String, Figure> figures = new TreeMap<>();
    Map<String, Double> base = new TreeMap<>();
    Map<String, HoltForecast> nextBase = new HashMap<>();
    for (RegionInput in : regions) {
      if (in.report() != null) {
        double b = spread(in.report(), in.answers(), figures);
        base.put(in.region(), ahead(baseTrends, nextBase, in.region(), b, in.report().timestampMillis(), aheadMillis));
      }
    }
    Map<String, Double> networks = new TreeMap<>();
    Map<String, DemandSource> sources = new HashMap<>();
    Map<String, HoltForecast> nextNetworks = new HashMap<>(figures.size() * 2);
    for (Map.Entry<String, Figure> e : figures.entrySet()) {
      Figure f = e.getValue();
      networks.put(e.getKey(), ahead(networkTrends, nextNetworks, e.getKey(), f.demand, f.atMillis, aheadMillis));
      sources.put(e.getKey(), f.source);
    }
    baseTrends = nextBase;
    networkTrends = nextNetworks;
    return new Demand(networks, sources, base);
  }

  /** The figure plus its trend {@code aheadMillis} ahead (never negative); the figure itself when not predictive. */
  private double ahead(Map<String, HoltForecast> trends, Map<String, HoltForecast> next, String key, double figure,
      long atMillis, long aheadMillis) {
    if (!predictive) {
      return figure;
    }
    HoltForecast f = trends.get(key);
    if (f == null) {
      f = new HoltForecast(1, HoltForecast.BETA);
    }
    next.put(key, f);
    f.observe(figure, atMillis);
    return Math.max(0, figure + f.trendPerMs() * aheadMillis);
  }

  /** Adds the report's networks to {@code figures}; returns the region's base load. */
  private static double spread(LoadReport report, Map<String, Double> answers, Map<String, Figure> figures) {
    long at = report.timestampMillis();
    if (!report.networks().isEmpty()) {
      double covered = 0;
      for (Map.Entry<String, Double> e : report.networks().entrySet()) {
        add(figures, e.getKey(), e.getValue(), at, DemandSource.REPORTED);
        covered += e.getValue();
      }
      return Math.max(0, report.load() - covered);
    }
    double total = 0;
    if (answers != null) {
      for (double c : answers.values()) {
        total += c;
      }
    }
    if (!(total > 0)) {
      return report.load();
    }
    for (Map.Entry<String, Double> e : answers.entrySet()) {
      add(figures, e.getKey(), report.load() * e.getValue() / total, at, DemandSource.ESTIMATED);
    }
    return 0;
  }

  private static void add(Map<String, Figure> figures, String network, double d, long atMillis,
      DemandSource source) {
    Figure f = figures.get(network);
    if (f == null) {
      figures.put(network, new Figure(d, atMillis, source));
    } else {
      f.demand += d;
      f.atMillis = Math.max(f.atMillis, atMillis);
      f.source = f.source.and(source);
    }
  }

  /** A network's figure being summed over the reports. */
  private static final class Figure {
    double demand;
    long atMillis;
    DemandSource source;

    Figure(double demand, long atMillis, DemandSource source) {
      this.demand = demand;
      this.atMillis = atMillis;
      this.source = source;
    }
  }
}
