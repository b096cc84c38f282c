package io.aya.gslb.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.aya.cluster.LoadReport;
import io.aya.cluster.LocalSharedState;
import io.aya.gslb.geo.NetworkMapLocator;
import io.aya.gslb.health.HealthConfig;
import io.aya.gslb.health.HealthViewPublisher;
import io.aya.gslb.zone.ZoneFileParser;
import io.aya.gslb.zone.ZoneSet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The placement service in a closed loop, as a region sees it: each round every region reports the demand the
 * plan in force sent it, with its per-network breakdown (a report every second, answers followed at once), and
 * the service plans from the shared state through the health view. 20 London networks of 10 each (200) and
 * two regions: eu in London with capacity 100 and us in New York with 1000.
 */
class PlacementServiceTest {
  private static final int NETWORKS = 20;
  private static final double DEMAND = 10;

  @TempDir Path dir;
  private final LocalSharedState shared = new LocalSharedState("n1");
  private final long start = System.currentTimeMillis();
  private HealthViewPublisher view;
  private PlacementService service;

  @AfterEach
  void tearDown() {
    if (service != null) {
      service.close();
    }
    if (view != null) {
      view.close();
    }
    shared.close();
  }

  private void start(boolean predictive) throws Exception {
    Path zone = Files.writeString(dir.resolve("example.test.zone"), String.join("\n",
        "$ORIGIN example.test.",
        "@ 300 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        "$REGION eu 51.5 -0.1 capacity=100",
        "$REGION us 40.7 -74.0 capacity=1000",
        "www 30 IN GSLB eu 192.0.2.1",
        "www 30 IN GSLB us 192.0.2.2",
        "$POLICY www geo capacity answers=1 ttl=30",
        ""));
    ZoneSet zones = ZoneSet.of(List.of(ZoneFileParser.parse(zone)));
    view = new HealthViewPublisher(shared, HealthConfig.defaults(), new SimpleMeterRegistry());
    view.onZones(zones);
    // the service's own rounds (an hour apart) stay out of the way: the test plans each round itself
    service = new PlacementService(view::snapshot, shared,
        NetworkMapLocator.parse("networks", List.of("81.2.0.0/16 lat=51.5 lon=-0.1")), null,
        new RttTable(Clock.fixed(Instant.ofEpochMilli(start), ZoneOffset.UTC)), PlacementParams.DEFAULTS,
        Duration.ofHours(1), predictive, Clock.fixed(Instant.ofEpochMilli(start), ZoneOffset.UTC));
    service.onZones(zones);
  }

  private static String network(int i) {
    return "81.2." + i + ".0/24";
  }

  /** Every region reports (at {@code round} seconds) what the plan's splits send it; returns eu's load. */
  private double reportRound(int round, PlacementPlan plan) {
    Map<String, Map<String, Double>> parts = new TreeMap<>(Map.of("eu", new TreeMap<>(), "us", new TreeMap<>()));
    for (int i = 0; i < NETWORKS; i++) {
      // before the first plan the capacity step answers the nearest region
      Map<String, Double> split = plan.networkCount() == 0 ? Map.of("eu", 1.0) : plan.split(network(i));
      for (Map.Entry<String, Double> f : split.entrySet()) {
        parts.get(f.getKey()).merge(network(i), DEMAND * f.getValue(), Double::sum);
      }
    }
    long at = start + round * 1000L;
    List<LoadReport> reports = new ArrayList<>();
    parts.forEach((region, nets) -> reports.add(new LoadReport(region, "lb", nets.values().stream()
        .mapToDouble(Double::doubleValue).sum(), at, nets)));
    reports.forEach(shared::putLoad);
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> reports.stream()
        .allMatch(r -> r.equals(view.snapshot().region(r.region()).lastReport())));
    return reports.get(0).load();
  }

  @Test
  void afterTheFirstPlanNoRoundOverloadsTheSmallRegionNorMovesMoreThanTwoPercent() throws Exception {
    start(true);
    PlacementPlan plan = PlacementPlan.EMPTY;
    double euAtFirst = reportRound(0, plan);
    assertThat(euAtFirst).as("the capacity step sent everything to eu").isEqualTo(200, within(1e-9));
    plan = service.planNow();
    for (int round = 1; round <= 8; round++) {
      double eu = reportRound(round, plan);
      assertThat(eu).as("eu's load at round %d", round).isLessThanOrEqualTo(101);
      PlacementPlan next = service.planNow();
      if (round > 1) {
        assertThat(next.movedFraction(plan)).as("moved at round %d", round).isLessThanOrEqualTo(0.02);
      }
      for (int i = 0; i < next.networkCount(); i++) {
        assertThat(next.demand(i).demand()).as("the planned demand of %s", next.demand(i).network())
            .isCloseTo(DEMAND, within(1e-9));
      }
      plan = next;
    }
    assertThat(plan.plannedLoad("eu")).isCloseTo(95, within(0.5));
  }

  @Test
  void withoutTheForecastTheLoopSettlesTheSameWay() throws Exception {
    start(false);
    PlacementPlan plan = PlacementPlan.EMPTY;
    reportRound(0, plan);
    plan = service.planNow();
    for (int round = 1; round <= 4; round++) {
      assertThat(reportRound(round, plan)).as("eu's load at round %d", round).isLessThanOrEqualTo(101);
      plan = service.planNow();
    }
    assertThat(plan.plannedLoad("eu")).isCloseTo(95, within(0.5));
  }
}
