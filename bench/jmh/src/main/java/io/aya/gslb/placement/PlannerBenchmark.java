package io.aya.gslb.placement;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One planning round of {@link PlacementPlanner} on a seeded {@link PlannerWorld} (bar: under 1 s for 100,000
 * networks × 20 regions on one core):
 *
 * <ul>
 *   <li>{@code steadyRound}: demand moved by up to ±2 % since the previous plan, which anchors the hysteresis
 *       (what the server does every 5 s);
 *   <li>{@code coldRound}: no previous plan (the first round after a start).
 * </ul>
 *
 * <pre>
 *   ./mvnw -q -pl bench/jmh -am package -DskipTests
 *   taskset -c 1 java -jar bench/jmh/target/benchmarks.jar PlannerBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlannerBenchmark {
  @Param({"100000"})
  int networks;

  @Param({"20"})
  int regions;

  private final PlacementPlanner planner = new PlacementPlanner();
  private PlacementProblem problem;
  private PlacementPlan previous;

  @Setup
  public void setUp() {
    PlannerWorld world = new PlannerWorld(networks, regions, 20261203);
    previous = planner.plan(problem(world.sites, world.networks), PlacementPlan.EMPTY);
    problem = problem(world.sites, world.noisy());
  }

  private static PlacementProblem problem(List<Site> sites, List<NetworkDemand> nets) {
    return new PlacementProblem(sites, nets, Map.of(), PlacementParams.DEFAULTS);
  }

  @Benchmark
  public PlacementPlan steadyRound() {
    return planner.plan(problem, previous);
  }

  @Benchmark
  public PlacementPlan coldRound() {
    return planner.plan(problem, PlacementPlan.EMPTY);
  }
}
