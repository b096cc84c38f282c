package io.aya.gslb.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgrapht.Graph;
import org.jgrapht.alg.flow.mincost.CapacityScalingMinimumCostFlow;
import org.jgrapht.alg.flow.mincost.MinimumCostFlowProblem;
import org.jgrapht.alg.interfaces.MinimumCostFlowAlgorithm;
import org.jgrapht.graph.DirectedWeightedMultigraph;

/**
 * Solves the capacity-constrained min-cost assignment of client networks to regions as a min-cost flow
 * (JGraphT's {@link CapacityScalingMinimumCostFlow}, successive shortest paths with capacity scaling):
 *
 * <pre>
 *   cell ──(cost of serving the cell from r)──► region r ──(piecewise cost of r's load)──► sink
 * </pre>
 *
 * <ul>
 *   <li><b>Cells.</b> Networks without measured RTTs are aggregated into location cells of
 *       {@link PlacementParams#cellDegrees} degrees (their costs are demand-weighted over the cell); a network
 *       with RTT samples is a cell of its own. Each cell gets arcs to its {@link PlacementParams#nearestRegions}
 *       cheapest open regions and to every open region it had in the previous plan.
 *   <li><b>Cost</b> of a unit of demand: RTT (measured median, else {@link RttModel}) plus the region's
 *       {@code cost=}; plus {@link PlacementParams#movePenalty} for demand that leaves the region the previous
 *       plan gave it (hysteresis: each cell has a free arc to its previous regions as wide as the demand it
 *       had there, and a penalised one beside it).
 *   <li><b>Capacity.</b> A region's load costs nothing up to {@code capacity × targetUtilisation}, then
 *       {@link #SOFT_OVER} per unit up to the capacity, then {@link #HARD_OVER} × k per unit for the k-th 5 %
 *       beyond it. The costs are convex, so when the demand does not fit the flow is still feasible and the
 *       overload is the least possible and spread over the regions that can take it (close to the least
 *       maximum utilisation), instead of being refused. A region's base load (what no network accounts for)
 *       sits at the bottom of that curve.
 * </ul>
 *
 * Demand is scaled to integer units ({@link #UNITS} in total); fractions are the flows divided by the cell's
 * units. Deterministic: regions and networks are taken in name order, so equal problems give equal plans on
 * every member. Not thread-safe per call only in the sense that each call builds its own graph: instances
 * are stateless and may be shared.
 */
public final class PlacementPlanner {
  /** Total demand in flow units (precision of the fractions: 1 / UNITS of the total demand). */
  static final int UNITS = 1 << 18;

  /** Cost per unit of load between the target utilisation and the capacity. */
  static final double SOFT_OVER = 1_000;

  /** Cost per unit of load for each further 5 % step beyond the capacity. */
  static final double HARD_OVER = 100_000;

  static final int OVER_TIERS = 20;

  /** Fractions below this are dropped from a split (then renormalised). */
  static final double MIN_FRACTION = 1e-4;

  /** Makes a plan; {@code previous} (may be {@link PlacementPlan#EMPTY}) anchors the hysteresis. */
  public PlacementPlan plan(PlacementProblem problem, PlacementPlan previous) {
    long start = System.nanoTime();
    PlacementParams params = problem.params();
    List<Site> sites = new ArrayList<>(problem.sites());
    sites.sort(Comparator.comparing(Site::name));
    int regionCount = sites.size();
    String[] regionNames = new String[regionCount];
    for (int r = 0; r < regionCount; r++) {
      regionNames[r] = sites.get(r).name();
    }
    List<NetworkDemand> nets = new ArrayList<>(problem.networks());
    nets.sort(Comparator.comparing(NetworkDemand::network));
    problem = new PlacementProblem(problem.sites(), nets, problem.rttMs(), params);
    int n = nets.size();
    int[][] splitRegions = new int[n][];
    double[][] splitCum = new double[n][];
    Arrays.fill(splitRegions, new int[0]);
    Arrays.fill(splitCum, new double[0]);

    int[] open = openRegions(sites);
    double total = 0;
    for (NetworkDemand d : nets) {
      total += d.demand();
    }
    if (open.length == 0 || !(total > 0)) {
      return finish(problem, sites, regionNames, splitRegions, splitCum, 0, 0, Double.NaN, start);
    }
    double scale = UNITS / total;

    // cells, in network order; cost per (cell, open region) demand-weighted over the cell's networks
    long[] keys = cellKeys(nets, params);
    Map<Long, Cell> byKey = new LinkedHashMap<>();
    boolean hasPrevious = previous != null && previous.networkCount() > 0;
    for (int i = 0; i < n; i++) {
      NetworkDemand d = nets.get(i);
      if (!(d.demand() > 0)) {
        continue;
      }
      Cell c = byKey.computeIfAbsent(keys[i], k -> new Cell(regionCount));
      c.networks.add(i);
      c.demand += d.demand();
      for (int r : open) {
        c.cost[r] += d.demand() * problem.cost(d, sites.get(r));
      }
      if (hasPrevious) {
        for (Map.Entry<String, Double> e : previous.split(d.network()).entrySet()) {
          int r = Arrays.binarySearch(regionNames, e.getKey());
          if (r >= 0) {
            c.previous[r] += d.demand() * e.getValue();
          }
        }
      }
    }
    List<Cell> cells = new ArrayList<>(byKey.values());

    Graph<Integer, Arc> g = new DirectedWeightedMultigraph<>(Arc.class);
    int sink = 0;
    g.addVertex(sink);
    for (int r : open) {
      g.addVertex(1 + r);
    }
    int[] supply = new int[1 + regionCount + cells.size()];
    long units = 0;
    List<Arc> cellArcs = new ArrayList<>();
    int k = params.nearestRegions() == 0 ? open.length : Math.min(params.nearestRegions(), open.length);
    Integer[] byCost = new Integer[open.length];
    for (int ci = 0; ci < cells.size(); ci++) {
      Cell c = cells.get(ci);
      int v = 1 + regionCount + ci;
      g.addVertex(v);
      int s = (int) Math.round(c.demand * scale);
      supply[v] = s;
      units += s;
      for (int r : open) {
        c.cost[r] /= c.demand;
      }
      for (int j = 0; j < open.length; j++) {
        byCost[j] = open[j];
      }
      Arrays.sort(byCost, Comparator.comparingDouble((Integer r) -> c.cost[r]).thenComparingInt(r -> r));
      boolean[] linked = new boolean[regionCount];
      for (int j = 0; j < k; j++) {
        linked[byCost[j]] = true;
      }
      for (int r : open) {
        if (c.previous[r] > 0) {
          linked[r] = true;
        }
      }
      c.cheapest = byCost[0];
      if (s == 0) {
        continue;
      }
      for (int r : open) {
        if (!linked[r]) {
          continue;
        }
        int kept = hasPrevious ? (int) Math.min(s, Math.round(c.previous[r] * scale)) : 0;
        if (kept > 0) {
          cellArcs.add(addArc(g, v, 1 + r, ci, r, kept, c.cost[r]));
        }
        double penalty = hasPrevious ? params.movePenalty() : 0;
        cellArcs.add(addArc(g, v, 1 + r, ci, r, s, c.cost[r] + penalty));
      }
    }
    supply[sink] = (int) -units;
    for (int r : open) {
      addRegionArcs(g, sites.get(r), 1 + r, sink, scale, params.targetUtilisation());
    }

    MinimumCostFlowProblem<Integer, Arc> mcf =
        new MinimumCostFlowProblem.MinimumCostFlowProblemImpl<>(
            g, v -> supply[v], a -> a.capacity);
    MinimumCostFlowAlgorithm.MinimumCostFlow<Arc> flow =
        new CapacityScalingMinimumCostFlow<Integer, Arc>(1).getMinimumCostFlow(mcf);

    double[][] cellFlow = new double[cells.size()][regionCount];
    for (Arc a : cellArcs) {
      double f = flow.getFlow(a);
      if (f > 0) {
        cellFlow[a.cell][a.region] += f;
      }
    }
    double cost = 0;
    for (int ci = 0; ci < cells.size(); ci++) {
      Cell c = cells.get(ci);
      int[] rs = splitOf(cellFlow[ci], c.cheapest);
      double[] cum = cumulative(cellFlow[ci], rs);
      double prev = 0;
      for (int j = 0; j < rs.length; j++) {
        // the cell's cost is the demand-weighted mean of its networks': summing it is exact
        cost += c.demand * (cum[j] - prev) * c.cost[rs[j]];
        prev = cum[j];
      }
      for (int i : c.networks) {
        splitRegions[i] = rs;
        splitCum[i] = cum;
      }
    }
    return finish(problem, sites, regionNames, splitRegions, splitCum, cells.size(), g.edgeSet().size(),
        cost / total, start);
  }

  private static PlacementPlan finish(
      PlacementProblem problem,
      List<Site> sites,
      String[] regionNames,
      int[][] splitRegions,
      double[][] splitCum,
      int cells,
      int arcs,
      double meanCost,
      long start) {
    int regionCount = sites.size();
    double[] load = new double[regionCount];
    double[] overload = new double[regionCount];
    for (int r = 0; r < regionCount; r++) {
      load[r] = sites.get(r).baseLoad();
    }
    List<NetworkDemand> nets = problem.networks();
    for (int i = 0; i < nets.size(); i++) {
      NetworkDemand d = nets.get(i);
      double prev = 0;
      for (int j = 0; j < splitRegions[i].length; j++) {
        int r = splitRegions[i][j];
        double f = splitCum[i][j] - prev;
        prev = splitCum[i][j];
        load[r] += d.demand() * f;
      }
    }
    for (int r = 0; r < regionCount; r++) {
      overload[r] = Math.max(0, load[r] - sites.get(r).capacity());
    }
    return new PlacementPlan(problem, regionNames, load, splitRegions, splitCum, overload, cells, arcs,
        System.nanoTime() - start, meanCost);
  }

  private static int[] openRegions(List<Site> sites) {
    int count = 0;
    for (Site s : sites) {
      count += s.open() ? 1 : 0;
    }
    int[] open = new int[count];
    int j = 0;
    for (int r = 0; r < sites.size(); r++) {
      if (sites.get(r).open()) {
        open[j++] = r;
      }
    }
    return open;
  }

  /**
   * A cell key per network: one cell per network at size 0, else a grid cell of the smallest size from
   * {@link PlacementParams#cellDegrees} (doubling) that leaves at most {@link PlacementParams#maxCells} cells
   * with demand. Unlocated networks share one cell.
   */
  private static long[] cellKeys(List<NetworkDemand> nets, PlacementParams params) {
    long[] keys = new long[nets.size()];
    double size = params.cellDegrees();
    while (true) {
      java.util.HashSet<Long> distinct = new java.util.HashSet<>();
      for (int i = 0; i < keys.length; i++) {
        NetworkDemand d = nets.get(i);
        if (size == 0) {
          keys[i] = i;
        } else if (!d.located()) {
          keys[i] = Long.MIN_VALUE;
        } else {
          keys[i] = (long) Math.floor((d.latitude() + 90) / size) << 32 | (long) Math.floor((d.longitude() + 180) / size);
        }
        if (d.demand() > 0) {
          distinct.add(keys[i]);
        }
      }
      if (distinct.size() <= params.maxCells() || size >= 16) {
        return keys;
      }
      size = size == 0 ? 0.25 : size * 2;
    }
  }

  /**
   * The region's load curve as parallel arcs to the sink: free up to the target, {@link #SOFT_OVER} up to the
   * capacity, then {@link #HARD_OVER} × k for the k-th 5 % beyond; the base load fills the curve from below.
   */
  private static void addRegionArcs(Graph<Integer, Arc> g, Site s, int v, int sink, double scale, double target) {
    if (Double.isInfinite(s.capacity())) {
      addArc(g, v, sink, -1, -1, UNITS, 0);
      return;
    }
    double cap = s.capacity();
    double base = s.baseLoad();
    double[] breaks = new double[OVER_TIERS + 2];
    breaks[0] = cap * target;
    breaks[1] = cap;
    for (int t = 1; t <= OVER_TIERS; t++) {
      breaks[1 + t] = cap * (1 + 0.05 * t);
    }
    double from = 0;
    for (int t = 0; t < breaks.length; t++) {
      double room = breaks[t] - Math.max(from, base);
      from = breaks[t];
      if (room * scale >= 1) {
        addArc(g, v, sink, -1, -1, (int) Math.min(UNITS, Math.floor(room * scale)), tierCost(t));
      }
    }
    addArc(g, v, sink, -1, -1, UNITS, tierCost(breaks.length));
  }

  private static double tierCost(int t) {
    return t == 0 ? 0 : t == 1 ? SOFT_OVER : HARD_OVER * (t - 1);
  }

  private static Arc addArc(Graph<Integer, Arc> g, int from, int to, int cell, int region, int cap, double cost) {
    Arc a = new Arc(cell, region, cap, cost);
    g.addEdge(from, to, a);
    g.setEdgeWeight(a, cost); // the algorithm reads costs from the edge weights
    return a;
  }

  /** Regions with a share of at least {@link #MIN_FRACTION}, in name order; the cheapest when none. */
  private static int[] splitOf(double[] flows, int cheapest) {
    double sum = 0;
    for (double f : flows) {
      sum += f;
    }
    int count = 0;
    for (double f : flows) {
      count += sum > 0 && f / sum >= MIN_FRACTION ? 1 : 0;
    }
    if (count == 0) {
      return new int[] {cheapest};
    }
    int[] rs = new int[count];
    int j = 0;
    for (int r = 0; r < flows.length; r++) {
      if (sum > 0 && flows[r] / sum >= MIN_FRACTION) {
        rs[j++] = r;
      }
    }
    return rs;
  }

  private static double[] cumulative(double[] flows, int[] rs) {
    double sum = 0;
    for (int r : rs) {
      sum += flows[r];
    }
    double[] cum = new double[rs.length];
    double acc = 0;
    for (int j = 0; j < rs.length; j++) {
      acc += sum > 0 ? flows[rs[j]] / sum : 1.0 / rs.length;
      cum[j] = acc;
    }
    cum[rs.length - 1] = 1.0;
    return cum;
  }

  private static final class Cell {
    final List<Integer> networks = new ArrayList<>();
    final double[] cost;
    final double[] previous;
    double demand;
    int cheapest;

    Cell(int regions) {
      cost = new double[regions];
      previous = new double[regions];
    }
  }

  /** One arc of the flow network; identity matters (parallel arcs), so not a record. */
  static final class Arc {
    final int cell;
    final int region;
    final int capacity;
    final double cost;

    Arc(int cell, int region, int capacity, double cost) {
      this.cell = cell;
      this.region = region;
      this.capacity = capacity;
      this.cost = cost;
    }
  }
}
