package io.aya.gslb.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Planning time for N client networks × R regions on one thread (a bench script, not a unit test): a seeded
 * world of networks around metros, regions whose capacities do not follow demand, then repeated rounds with
 * noisy demand (each round anchored on the previous plan, as the server does). Prints the median and the
 * maximum round time. Run:
 * <pre>
 *   ./mvnw -q -pl bench/jmh -am package -DskipTests
 *   java -cp bench/jmh/target/benchmarks.jar io.aya.gslb.placement.PlannerTiming [networks] [regions] [rounds]
 * </pre>
 */
public final class PlannerTiming {
  private PlannerTiming() {}

  public static void main(String[] args) {
    int networks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int regions = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    Random rnd = new Random(20261203);
    double[][] metros = new double[200][];
    for (int m = 0; m < metros.length; m++) {
      metros[m] = new double[] {rnd.nextDouble() * 120 - 55, rnd.nextDouble() * 360 - 180, 0.2 + rnd.nextDouble()};
    }
    List<NetworkDemand> nets = new ArrayList<>(networks);
    double total = 0;
    for (int i = 0; i < networks; i++) {
      double[] m = metros[rnd.nextInt(metros.length)];
      double d = m[2] * (0.5 + rnd.nextDouble());
      total += d;
      String cidr = i % 4 == 3
          ? String.format("2001:db8:%x:%x::/64", i >>> 16, i & 0xffff)
          : (10 + (i >>> 16)) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff) + ".0/24";
      nets.add(new NetworkDemand(cidr, m[0] + rnd.nextGaussian() * 0.7, m[1] + rnd.nextGaussian() * 0.7, d,
          DemandSource.REPORTED));
    }
    List<Site> sites = new ArrayList<>();
    for (int r = 0; r < regions; r++) {
      double[] m = metros[r * 7 % metros.length];
      sites.add(new Site("r" + r, m[0], m[1], total / regions * (0.6 + rnd.nextDouble()), 0, true, 0));
    }
    PlacementPlanner planner = new PlacementPlanner();
    PlacementParams params = PlacementParams.DEFAULTS;
    PlacementPlan previous = PlacementPlan.EMPTY;
    long[] times = new long[rounds];
    for (int round = 0; round < rounds; round++) {
      List<NetworkDemand> noisy = new ArrayList<>(networks);
      for (NetworkDemand n : nets) {
        noisy.add(new NetworkDemand(n.network(), n.latitude(), n.longitude(),
            n.demand() * (0.98 + rnd.nextDouble() * 0.04), n.source()));
      }
      long t0 = System.nanoTime();
      PlacementPlan plan = planner.plan(new PlacementProblem(sites, noisy, Map.of(), params), previous);
      times[round] = System.nanoTime() - t0;
      System.out.printf("round %d: %.0f ms (solver %.0f ms), %d cells, %d arcs, moved %.2f%%, mean cost %.2f ms%n",
          round, times[round] / 1e6, plan.solveNanos() / 1e6, plan.cells(), plan.arcs(),
          100 * plan.movedFraction(previous), plan.meanCost());
      previous = plan;
    }
    long[] sorted = times.clone();
    Arrays.sort(sorted);
    System.out.printf("%d networks x %d regions: median %.0f ms, max %.0f ms over %d rounds%n",
        networks, regions, sorted[rounds / 2] / 1e6, sorted[rounds - 1] / 1e6, rounds);
  }
}
