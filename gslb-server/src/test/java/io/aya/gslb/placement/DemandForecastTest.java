package io.aya.gslb.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aya.cluster.LoadReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Network demand from the regions' load reports, one 30 s TTL ahead, with a report every 5 s. */
class DemandForecastTest {
  private static final long TICK = 5_000;
  private static final long TTL = 30_000;

  private static DemandForecast.RegionInput report(String region, long at, Map<String, Double> networks) {
    double load = networks.values().stream().mapToDouble(Double::doubleValue).sum();
    return new DemandForecast.RegionInput(region, new LoadReport(region, "lb", load, at, networks), null);
  }

  @Test
  void aNetworkThePlanMovedToAnotherRegionKeepsItsReportedDemand() {
    DemandForecast f = new DemandForecast(true);
    for (int t = 0; t < 4; t++) {
      f.estimate(List.of(report("eu", t * TICK, Map.of("a", 100.0, "b", 20.0)), report("us", t * TICK, Map.of())),
          TTL);
    }
    // the plan moved a to us: eu's load fell from 120 to 20 and us's rose from 0 to 100 in one report
    DemandForecast.Demand d = f.estimate(List.of(report("eu", 4 * TICK, Map.of("b", 20.0)),
        report("us", 4 * TICK, Map.of("a", 100.0))), TTL);
    assertThat(d.networks()).containsExactly(Map.entry("a", 100.0), Map.entry("b", 20.0));
    assertThat(d.sources()).containsEntry("a", DemandSource.REPORTED);
    assertThat(d.base()).containsExactly(Map.entry("eu", 0.0), Map.entry("us", 0.0));
  }

  @Test
  void aNetworksRisingDemandIsForecastOneTtlAheadWhicheverRegionsReportIt() {
    DemandForecast f = new DemandForecast(true);
    double perMs = 0.5 / 1000; // 100 rising by 0.5 per second: +15 per TTL
    DemandForecast.Demand d = null;
    for (int t = 0; t <= 20; t++) {
      long now = t * TICK;
      double demand = 100 + perMs * now;
      // the plan splits it between eu and us, differently at each round
      double eu = (t % 3) / 3.0;
      d = f.estimate(List.of(report("eu", now, Map.of("a", demand * eu)),
          report("us", now, Map.of("a", demand * (1 - eu)))), TTL);
    }
    double then = 100 + perMs * (20 * TICK + TTL);
    assertThat(d.networks().get("a")).isCloseTo(then, within(then * 0.01));
  }

  @Test
  void withoutTheForecastTheFiguresArePlannedAsReported() {
    DemandForecast f = new DemandForecast(false);
    DemandForecast.Demand d = null;
    for (int t = 0; t <= 10; t++) {
      d = f.estimate(List.of(report("eu", t * TICK, Map.of("a", 100.0 + 10 * t))), TTL);
    }
    assertThat(d.networks()).containsExactly(Map.entry("a", 200.0));
  }

  @Test
  void loadTheBreakdownLeavesOutIsBaseLoadAndABareReportIsSplitByTheAnswersCounted() {
    DemandForecast f = new DemandForecast(true);
    DemandForecast.Demand d = f.estimate(List.of(
        new DemandForecast.RegionInput("eu", new LoadReport("eu", "lb", 50, 0, Map.of("a", 30.0)), null),
        new DemandForecast.RegionInput("us", new LoadReport("us", "lb", 80, 0), Map.of("a", 1.0, "c", 3.0)),
        new DemandForecast.RegionInput("ap", new LoadReport("ap", "lb", 7, 0), null),
        new DemandForecast.RegionInput("sa", null, Map.of("d", 5.0))), TTL);
    assertThat(d.networks()).containsExactly(Map.entry("a", 50.0), Map.entry("c", 60.0));
    assertThat(d.sources()).containsEntry("a", DemandSource.MIXED).containsEntry("c", DemandSource.ESTIMATED);
    assertThat(d.base()).containsExactly(Map.entry("ap", 7.0), Map.entry("eu", 20.0), Map.entry("us", 0.0));
  }

  @Test
  void aFallingDemandIsNeverForecastBelowZeroAndANetworkThatLeftIsForgotten() {
    DemandForecast f = new DemandForecast(true);
    f.estimate(List.of(report("eu", 0, Map.of("a", 100.0))), TTL);
    DemandForecast.Demand d = f.estimate(List.of(report("eu", TICK, Map.of("a", 10.0))), TTL);
    assertThat(d.networks().get("a")).isZero();
    f.estimate(List.of(report("eu", 2 * TICK, Map.of("b", 10.0))), TTL);
    // a comes back without the trend it had
    d = f.estimate(List.of(report("eu", 3 * TICK, Map.of("a", 10.0, "b", 10.0))), TTL);
    assertThat(d.networks()).containsExactly(Map.entry("a", 10.0), Map.entry("b", 10.0));
  }
}
