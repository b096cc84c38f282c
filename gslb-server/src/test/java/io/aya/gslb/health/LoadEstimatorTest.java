package io.aya.gslb.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.cluster.LoadReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The estimator against clients that follow the admit fraction through DNS caches, in simulated time: every
 * resolver re-resolves once per answer TTL (phases spread uniformly over it) and keeps the fraction in force
 * then; the region receives the offered demand times the mean kept fraction; the view ticks every second
 * and a load report comes every {@code reportEvery}.
 */
class LoadEstimatorTest {
  private static final long CAPACITY = 100;
  private static final long T0 = 1_700_000_000_000L;

  /** One simulated region: its clients and the estimator that balances them. */
  private static final class Sim {
    final LoadEstimator est;
    final long ttlMillis;
    final long reportEvery;
    final double[] kept = new double[600];
    final List<Double> fractions = new ArrayList<>();
    double demand;
    /** Reports are off by up to this share of the true load, either way. */
    double noise;
    final Random rnd = new Random(7);
    long now = T0;
    LoadReport report;

    Sim(HealthConfig config, long ttlMillis, long reportEvery) {
      this.est = new LoadEstimator(config);
      this.ttlMillis = ttlMillis;
      this.reportEvery = reportEvery;
      Arrays.fill(kept, 1.0);
    }

    /** Runs for {@code millis}, in steps of 100 ms; records the admit fraction after every report. */
    void run(long millis) {
      for (long end = now + millis; now < end; now += 100) {
        for (int i = 0; i < kept.length; i++) {
          long phase = ttlMillis == 0 ? 0 : ttlMillis * i / kept.length;
          if (ttlMillis == 0 || Math.floorMod(now - phase, ttlMillis) < 100) {
            kept[i] = est.fraction();
          }
        }
        boolean reports = (now - T0) % reportEvery == 0;
        if (reports) {
          double error = 1 + noise * (rnd.nextDouble() * 2 - 1);
          report = new LoadReport("eu-west", "lb", demand * Arrays.stream(kept).average().orElseThrow() * error, now);
        }
        if (reports || (now - T0) % 1000 == 0) {
          est.update(report, now, CAPACITY, ttlMillis);
        }
        if (reports) {
          fractions.add(est.fraction());
        }
      }
    }
  }

  private static void assertMonotone(List<Double> xs, boolean decreasing) {
    for (int i = 1; i < xs.size(); i++) {
      double step = xs.get(i) - xs.get(i - 1);
      assertTrue(decreasing ? step <= 1e-9 : step >= -1e-9, "not monotone (oscillates) at report " + i + ": " + xs);
    }
  }

  /** Demand three times the capacity: the fraction must settle at capacity / offered = 1/3 from above. */
  private static void assertConvergesFromAbove(Sim sim) {
    double target = CAPACITY / sim.demand;
    double min = sim.fractions.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    assertTrue(min > 0.97 * target, "fell to " + min + " (floor 0.05, target " + target + "): " + sim.fractions);
    assertMonotone(sim.fractions, true);
    assertEquals(target, sim.est.fraction(), 0.03 * target, "fractions: " + sim.fractions);
    assertEquals(sim.demand, sim.est.offered(), 0.03 * sim.demand);
  }

  @Test
  void clientsLaggingByTheirCacheTtlConvergeToCapacityOverOfferedWithoutFallingToTheFloor() {
    Sim sim = new Sim(HealthConfig.defaults(), 30_000, 5_000);
    sim.demand = 300;
    sim.run(10 * 60_000);
    assertConvergesFromAbove(sim);
  }

  @Test
  void aLagFarLongerThanTheReportIntervalStillConverges() {
    // 5-minute answers, reports every 2 s: 150 reports before all clients have followed one change
    Sim sim = new Sim(HealthConfig.defaults().withLoadSmoothing(0.2), 300_000, 2_000);
    sim.demand = 300;
    sim.run(30 * 60_000);
    assertConvergesFromAbove(sim);
  }

  @Test
  void noisyReportsFromLaggingClientsNeitherRunAwayNorDrift() {
    Sim sim = new Sim(HealthConfig.defaults(), 30_000, 5_000);
    sim.demand = 300;
    sim.noise = 0.1;
    sim.run(20 * 60_000);
    double target = CAPACITY / sim.demand;
    for (int i = 0; i < sim.fractions.size(); i++) {
      double f = sim.fractions.get(i);
      assertTrue(f > 0.9 * target && (i < 24 || f < 1.1 * target), "report " + i + ": " + sim.fractions);
    }
  }

  @Test
  void clientsThatFollowAtOnceStillConvergeExactly() {
    Sim sim = new Sim(HealthConfig.defaults(), 0, 5_000);
    sim.demand = 300;
    sim.run(5 * 60_000);
    assertConvergesFromAbove(sim);
  }

  @Test
  void aDropInDemandIsFollowedBackUpWithoutOscillating() {
    Sim sim = new Sim(HealthConfig.defaults(), 30_000, 5_000);
    sim.demand = 300;
    sim.run(10 * 60_000);
    sim.fractions.clear();
    sim.demand = 150; // A(150) = min(100, 80 + 70 / 2) = 100: admit 2/3
    sim.run(10 * 60_000);
    assertMonotone(sim.fractions, false);
    assertEquals(100.0 / 150, sim.est.fraction(), 0.02);
    assertEquals(150, sim.est.offered(), 3);
  }

  @Test
  void aLoadThatDoesNotChangeWithinTheTtlIsPutDownToClientsNotHavingFollowedYet() {
    LoadEstimator est = new LoadEstimator(HealthConfig.defaults());
    for (int i = 0; i < 6; i++) { // one report every 5 s, all within one 30 s TTL of the first cut
      est.update(new LoadReport("eu-west", "lb", 300, T0 + i * 5_000L), T0 + i * 5_000L, CAPACITY, 30_000);
      assertEquals(300, est.offered(), 1e-9, "report " + i);
      assertEquals(1.0 / 3, est.fraction(), 1e-9, "report " + i);
    }
  }

  @Test
  void oneTtlAfterACutTheCutCountsAsFollowed() {
    LoadEstimator est = new LoadEstimator(HealthConfig.defaults().withLoadSmoothing(1));
    est.update(new LoadReport("eu-west", "lb", 300, T0), T0, CAPACITY, 30_000);
    assertEquals(1.0 / 3, est.fraction(), 1e-9);
    // every cache has expired since: a load still at 300 is 300 / (1/3) of demand
    est.update(new LoadReport("eu-west", "lb", 300, T0 + 31_000), T0 + 31_000, CAPACITY, 30_000);
    assertEquals(1.0 / 3, est.effective(), 1e-9);
    assertEquals(900, est.offered(), 1e-9);
  }
}
