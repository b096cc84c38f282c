package io.aya.gslb.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
 *   <li><b>Cells.</b> Networks are aggregated into location cells when there are more than
 *       {@link PlacementParams#maxCells} of them ({@link CellGrid}; their costs are demand-weighted over the
 *       cell); a network with RTT samples is a cell of its own. Each cell gets arcs to its {@link PlacementParams#nearestRegions}
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
    problem = inNetworkOrder(problem);
    List<NetworkDemand> nets = problem.networks();
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
      return finish(problem, sites, regionNames, splitRegions, splitCum, 0, 0, Double.NaN, start, previous);
    }
    double scale = UNITS / total;

    // cells, in network order; cost per (cell, open region) demand-weighted over the cell's networks
    int[] cellOf = CellGrid.assign(nets, params, problem.rttMs().keySet());
    int cellCount = 0;
    for (int c : cellOf) {
      cellCount = Math.max(cellCount, c + 1);
    }
    double[] cellDemand = new double[cellCount];
    double[][] cellCost = new double[cellCount][regionCount];
    double[][] cellPrevious = new double[cellCount][regionCount];
    boolean hasPrevious = previous != null && previous.networkCount() > 0;
    int[] fromPrevious = hasPrevious ? regionMap(previous.regions(), regionNames) : null;
    CostModel costs = new CostModel(sites, open, problem.rttMs());
    double[] row = new double[regionCount];
    for (int i = 0; i < n; i++) {
      int ci = cellOf[i];
      if (ci < 0) {
        continue;
      }
      NetworkDemand d = nets.get(i);
      cellDemand[ci] += d.demand();
      costs.costs(d, row);
      double[] cost = cellCost[ci];
      for (int r : open) {
        cost[r] += d.demand() * row[r];
      }
      int p = hasPrevious ? previousIndex(previous, i, d.network()) : -1;
      if (p >= 0) {
        int[] rs = previous.splitRegions(p);
        double[] cum = previous.splitCumulative(p);
        double prev = 0;
        for (int j = 0; j < rs.length; j++) {
          int r = fromPrevious[rs[j]];
          if (r >= 0) {
            cellPrevious[ci][r] += d.demand() * (cum[j] - prev);
          }
          prev = cum[j];
        }
      }
    }

    Graph<Integer, Arc> g = new DirectedWeightedMultigraph<>(Arc.class);
    int sink = 0;
    g.addVertex(sink);
    for (int r : open) {
      g.addVertex(1 + r);
    }
    int[] supply = new int[1 + regionCount + cellCount];
    long units = 0;
    List<Arc> cellArcs = new ArrayList<>();
    int k = params.nearestRegions() == 0 ? open.length : Math.min(params.nearestRegions(), open.length);
    int[] cheapest = new int[cellCount];
    for (int ci = 0; ci < cellCount; ci++) {
      int v = 1 + regionCount + ci;
      g.addVertex(v);
      int s = (int) Math.round(cellDemand[ci] * scale);
      supply[v] = s;
      units += s;
      double[] cost = cellCost[ci];
      for (int r : open) {
        cost[r] /= cellDemand[ci];
      }
      boolean[] linked = nearest(cost, open, k);
      for (int r : open) {
        if (cellPrevious[ci][r] > 0) {
          linked[r] = true;
        }
      }
      cheapest[ci] = cheapestOf(cost, open);
      if (s == 0) {
        continue;
      }
      for (int r : open) {
        if (!linked[r]) {
          continue;
        }
        int kept = hasPrevious ? (int) Math.min(s, Math.round(cellPrevious[ci][r] * scale)) : 0;
        if (kept > 0) {
          cellArcs.add(addArc(g, v, 1 + r, ci, r, kept, cost[r]));
        }
        double penalty = hasPrevious ? params.movePenalty() : 0;
        cellArcs.add(addArc(g, v, 1 + r, ci, r, s, cost[r] + penalty));
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

    double[][] cellFlow = new double[cellCount][regionCount];
    for (Arc a : cellArcs) {
      double f = flow.getFlow(a);
      if (f > 0) {
        cellFlow[a.cell][a.region] += f;
      }
    }
    int[][] cellRegions = new int[cellCount][];
    double[][] cellCum = new double[cellCount][];
    double cost = 0;
    for (int ci = 0; ci < cellCount; ci++) {
      int[] rs = splitOf(cellFlow[ci], cheapest[ci]);
      double[] cum = cumulative(cellFlow[ci], rs);
      double prev = 0;
      for (int j = 0; j < rs.length; j++) {
        // the cell's cost is the demand-weighted mean of its networks': summing it is exact
        cost += cellDemand[ci] * (cum[j] - prev) * cellCost[ci][rs[j]];
        prev = cum[j];
      }
      cellRegions[ci] = rs;
      cellCum[ci] = cum;
    }
    for (int i = 0; i < n; i++) {
      if (cellOf[i] >= 0) {
        splitRegions[i] = cellRegions[cellOf[i]];
        splitCum[i] = cellCum[cellOf[i]];
      }
    }
    return finish(problem, sites, regionNames, splitRegions, splitCum, cellCount, g.edgeSet().size(),
        cost / total, start, previous);
  }

  /** The problem with its networks in name order (the same problem when they already are: no copy). */
  private static PlacementProblem inNetworkOrder(PlacementProblem problem) {
    List<NetworkDemand> nets = problem.networks();
    for (int i = 1; i < nets.size(); i++) {
      if (nets.get(i - 1).network().compareTo(nets.get(i).network()) > 0) {
        List<NetworkDemand> sorted = new ArrayList<>(nets);
        sorted.sort(Comparator.comparing(NetworkDemand::network));
        return new PlacementProblem(problem.sites(), sorted, problem.rttMs(), problem.params());
      }
    }
    return problem;
  }

  /**
   * The index of {@code network} in the previous plan: usually the same position (the networks change far less
   * often than their demand), so that is tried before the name lookup.
   */
  private static int previousIndex(PlacementPlan previous, int i, String network) {
    List<NetworkDemand> before = previous.problem().networks();
    if (i < before.size() && before.get(i).network().equals(network)) {
      return previous.splitRegions(i).length > 0 ? i : -1;
    }
    return previous.indexOf(network);
  }

  /** For each region of a previous plan, its index in {@code names} (sorted), or -1 when gone. */
  private static int[] regionMap(List<String> before, String[] names) {
    int[] map = new int[before.size()];
    for (int r = 0; r < map.length; r++) {
      map[r] = Arrays.binarySearch(names, before.get(r));
    }
    return map;
  }

  /** The {@code k} cheapest open regions (ties to the lower index) as flags by region index. */
  private static boolean[] nearest(double[] cost, int[] open, int k) {
    boolean[] linked = new boolean[cost.length];
    for (int j = 0; j < k; j++) {
      int best = -1;
      for (int r : open) {
        if (!linked[r] && (best < 0 || cost[r] < cost[best])) {
          best = r;
        }
      }
      linked[best] = true;
    }
    return linked;
  }

  private static int cheapestOf(double[] cost, int[] open) {
    int best = open[0];
    for (int r : open) {
      if (cost[r] < cost[best]) {
        best = r;
      }
    }
    return best;
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
      long start,
      PlacementPlan previous) {
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
        System.nanoTime() - start, meanCost, previous);
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
