package io.aya.gslb.placement;

import io.aya.gslb.geo.IpBits;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * A published placement: for each planned client network, the fractions of its demand that go to each
 * region. The answer path looks the client up ({@link #lookup}, longest prefix match in a flat trie, no
 * allocation besides the address bytes) and picks a region within the split with a stable per-network hash
 * ({@link #pick}). Immutable and thread-safe; published by swapping a reference ({@link PlacementSource}).
 */
public final class PlacementPlan {
  /** No plan: every name keeps the capacity step's proportional shedding. */
  public static final PlacementPlan EMPTY =
      new PlacementPlan(null, new String[0], new double[0], new int[0][], new double[0][], new double[0], 0, 0, 0, 0,
          null);

  private final PlacementProblem problem;
  private final String[] regions;
  private final double[] plannedLoad;
  /** Per network (in problem order): region indices of its split, and the cumulative fractions. */
  private final int[][] splitRegions;
  private final double[][] splitCumulative;
  private final double[] overload;
  private final int cells;
  private final int arcs;
  private final long solveNanos;
  private final double meanCost;
  private final NetworkIndex index;

  /** @param previous an index to take over when it covers exactly this plan's networks (may be null) */
  PlacementPlan(
      PlacementProblem problem,
      String[] regions,
      double[] plannedLoad,
      int[][] splitRegions,
      double[][] splitCumulative,
      double[] overload,
      int cells,
      int arcs,
      long solveNanos,
      double meanCost,
      PlacementPlan previous) {
    this.problem = problem;
    this.regions = regions;
    this.plannedLoad = plannedLoad;
    this.splitRegions = splitRegions;
    this.splitCumulative = splitCumulative;
    this.overload = overload;
    this.cells = cells;
    this.arcs = arcs;
    this.solveNanos = solveNanos;
    this.meanCost = meanCost;
    this.index = problem == null ? NetworkIndex.EMPTY
        : NetworkIndex.of(problem.networks(), splitRegions, previous == null ? null : previous.index);
  }

  /**
   * The planned network holding {@code client} (first {@code sourcePrefix} bits), packed with the ECS scope
   * of that outcome: see {@link #network(long)} and {@link #scope(long)}. Allocates only the address bytes.
   */
  public long lookup(InetAddress client, int sourcePrefix) {
    if (index.size() == 0) {
      return -1L << 32;
    }
    byte[] a = client.getAddress();
    return index.lookup(client instanceof Inet4Address, IpBits.hi(a), IpBits.lo(a), Math.min(sourcePrefix, a.length * 8));
  }

  /** The network index of a {@link #lookup} result, or -1 when the plan does not cover the client. */
  public static int network(long lookup) {
    return (int) (lookup >> 32);
  }

  /** The ECS scope of a {@link #lookup} result: the prefix within which every address gets that network. */
  public static int scope(long lookup) {
    return (int) lookup;
  }

  /**
   * The region for a client of network {@code i} whose stable hash is {@code h} in (0, 1): the split's regions
   * in name order take consecutive slices of (0, 1) as wide as their fractions.
   */
  public String pick(int i, double h) {
    int[] rs = splitRegions[i];
    double[] cum = splitCumulative[i];
    for (int k = 0; k < rs.length - 1; k++) {
      if (h < cum[k]) {
        return regions[rs[k]];
      }
    }
    return regions[rs[rs.length - 1]];
  }

  /** The problem index of {@code network} (CIDR as planned) when it has a split, else -1. */
  int indexOf(String network) {
    return index.indexOf(network);
  }

  /** Region indices (into {@link #regions()}) of network {@code i}'s split; read-only. */
  int[] splitRegions(int i) {
    return splitRegions[i];
  }

  /** Cumulative fractions of network {@code i}'s split; read-only. */
  double[] splitCumulative(int i) {
    return splitCumulative[i];
  }

  /** The number of regions in the split of network {@code i}. */
  public int splitSize(int i) {
    return splitRegions[i].length;
  }

  /** Number of planned networks with a split. */
  public int networkCount() {
    return index.size();
  }

  /** The planned split of {@code network} (CIDR as planned): region → fraction, name order; empty when none. */
  public Map<String, Double> split(String network) {
    int i = index.indexOf(network);
    return i < 0 ? Map.of() : split(i);
  }

  /** The split of network {@code i} (a {@link #network} index): region → fraction, in name order. */
  public Map<String, Double> split(int i) {
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    double prev = 0;
    for (int k = 0; k < splitRegions[i].length; k++) {
      out.put(regions[splitRegions[i][k]], splitCumulative[i][k] - prev);
      prev = splitCumulative[i][k];
    }
    return out;
  }

  /** The demand of planned network {@code i}. */
  public NetworkDemand demand(int i) {
    return problem.networks().get(i);
  }

  /** The cost (ms: RTT measured or modelled, plus {@code cost=}) of serving network {@code i} from {@code region}. */
  public double cost(int i, String region) {
    for (Site s : problem.sites()) {
      if (s.name().equals(region)) {
        return problem.cost(problem.networks().get(i), s);
      }
    }
    return Double.NaN;
  }

  /** True when a measured RTT median, not the distance model, gives network {@code i}'s cost to {@code region}. */
  public boolean measured(int i, String region) {
    Map<String, Double> m = problem.rttMs().get(problem.networks().get(i).network());
    return m != null && m.containsKey(region);
  }

  /**
   * The share of this plan's demand that goes to another region than under {@code previous}: for each
   * network, half the sum of the absolute changes of its fractions, weighted by its demand (a network new to
   * the plan or one that left it does not count). 0 when nothing moved, 1 when everything did.
   */
  public double movedFraction(PlacementPlan previous) {
    double moved = 0;
    double total = 0;
    for (Map.Entry<String, Integer> e : index.byName().entrySet()) {
      double d = demand(e.getValue()).demand();
      total += d;
      Map<String, Double> before = previous.split(e.getKey());
      if (before.isEmpty()) {
        continue;
      }
      Map<String, Double> now = split(e.getValue());
      double diff = 0;
      for (Map.Entry<String, Double> f : now.entrySet()) {
        diff += Math.abs(f.getValue() - before.getOrDefault(f.getKey(), 0.0));
      }
      for (Map.Entry<String, Double> f : before.entrySet()) {
        if (!now.containsKey(f.getKey())) {
          diff += f.getValue();
        }
      }
      moved += d * diff / 2;
    }
    return total > 0 ? moved / total : 0;
  }

  /** Region names of the plan, in name order. */
  public List<String> regions() {
    return List.of(regions);
  }

  /** The load the plan puts on {@code region} (its base load included), or NaN when not planned. */
  public double plannedLoad(String region) {
    for (int r = 0; r < regions.length; r++) {
      if (regions[r].equals(region)) {
        return plannedLoad[r];
      }
    }
    return Double.NaN;
  }

  /** Planned load above capacity of {@code region} (0 unless capacity is short everywhere it could go). */
  public double overload(String region) {
    for (int r = 0; r < regions.length; r++) {
      if (regions[r].equals(region)) {
        return overload[r];
      }
    }
    return Double.NaN;
  }

  /** Location cells the solver saw (networks aggregated; see {@link PlacementParams#cellDegrees}). */
  public int cells() {
    return cells;
  }

  /** Arcs of the min-cost flow network. */
  public int arcs() {
    return arcs;
  }

  /** Time spent building and solving, in ns. */
  public long solveNanos() {
    return solveNanos;
  }

  /** Demand-weighted mean cost (ms) of the plan, NaN without demand. */
  public double meanCost() {
    return meanCost;
  }

  /** The inputs this plan was made from, or null for {@link #EMPTY}. */
  public PlacementProblem problem() {
    return problem;
  }
}
