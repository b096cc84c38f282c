package io.aya.gslb.placement;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Planning time for N client networks × R regions on one thread (a bench script, not a unit test): a seeded
 * {@link PlannerWorld}, then repeated rounds with noisy demand (each round anchored on the previous plan, as the
 * server does). Prints each round's wall and CPU time and the median and maximum; the bar is under 1 s.
 * {@link PlannerBenchmark} measures the same with JMH. Run:
 * <pre>
 *   ./mvnw -q -pl bench/jmh -am package -DskipTests
 *   taskset -c 1 java -cp bench/jmh/target/benchmarks.jar io.aya.gslb.placement.PlannerTiming 100000 20 5
 * </pre>
 */
public final class PlannerTiming {
  private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.ThreadMXBean ALLOC =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Milliseconds the collectors have spent so far (all collectors, pauses and concurrent cycles they report). */
  private static long gcMillis() {
    long t = 0;
    for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      t += Math.max(0, gc.getCollectionTime());
    }
    return t;
  }

  private static long jitMillis() {
    java.lang.management.CompilationMXBean c = ManagementFactory.getCompilationMXBean();
    return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : 0;
  }

  private PlannerTiming() {}

  public static void main(String[] args) {
    int networks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int regions = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    PlannerWorld world = new PlannerWorld(networks, regions, 20261203);
    PlacementPlanner planner = new PlacementPlanner();
    PlacementPlan previous = PlacementPlan.EMPTY;
    long[] times = new long[rounds];
    long[] cpu = new long[rounds];
    for (int round = 0; round < rounds; round++) {
      List<NetworkDemand> noisy = world.noisy();
      long gc0 = gcMillis();
      long jit0 = jitMillis();
      long alloc0 = ALLOC.getCurrentThreadAllocatedBytes();
      long t0 = System.nanoTime();
      long cpu0 = THREAD.getCurrentThreadCpuTime();
      PlacementPlan plan = planner.plan(
          new PlacementProblem(world.sites, noisy, Map.of(), PlacementParams.DEFAULTS), previous);
      cpu[round] = THREAD.getCurrentThreadCpuTime() - cpu0;
      times[round] = System.nanoTime() - t0;
      long alloc = ALLOC.getCurrentThreadAllocatedBytes() - alloc0;
      System.out.printf("round %d: %.0f ms (cpu %.0f ms; gc %d ms, jit %d ms, allocated %.0f MB), %d cells, %d arcs,"
          + " moved %.2f%%, mean cost %.2f ms%n", round, times[round] / 1e6, cpu[round] / 1e6, gcMillis() - gc0,
          jitMillis() - jit0, alloc / 1e6, plan.cells(), plan.arcs(), 100 * plan.movedFraction(previous),
          plan.meanCost());
      previous = plan;
    }
    long[] sorted = times.clone();
    Arrays.sort(sorted);
    long[] sortedCpu = cpu.clone();
    Arrays.sort(sortedCpu);
    System.out.printf("%d networks x %d regions: median %.0f ms (cpu %.0f ms), max %.0f ms (cpu %.0f ms)"
        + " over %d rounds (bar: under 1000 ms)%n", networks, regions, sorted[rounds / 2] / 1e6,
        sortedCpu[rounds / 2] / 1e6, sorted[rounds - 1] / 1e6, sortedCpu[rounds - 1] / 1e6, rounds);
  }
}
