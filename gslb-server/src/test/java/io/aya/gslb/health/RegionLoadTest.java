package io.aya.gslb.health;

import static io.aya.gslb.health.TestZones.http;
import static io.aya.gslb.health.TestZones.pool;
import static io.aya.gslb.health.TestZones.region;
import static io.aya.gslb.health.TestZones.set;
import static io.aya.gslb.health.TestZones.zone;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.cluster.LoadReport;
import io.aya.gslb.zone.CheckSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegionLoadTest {
  private static final CheckSpec WEB = http("web", 80, "/", 200, null, 1000, 500, 2, 2);
  private final TestClusterState cluster = new TestClusterState("n1");
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final TestClock time = TestClock.startingNow();
  private HealthViewPublisher publisher;

  @AfterEach
  void tearDown() {
    if (publisher != null) {
      publisher.close();
    }
    cluster.close();
  }

  private void start(HealthConfig config) {
    publisher = new HealthViewPublisher(cluster, config, meters, Map.of(), time);
    publisher.onZones(set(zone("example.com", pool(region("eu-west", 1000), WEB, "192.0.2.10"),
        pool(region("us-east", 0), WEB, "198.51.100.10"))));
  }

  /**
   * Publishes one report (strictly newer than the previous: the test clock moves 1 ms first) and waits until the
   * view has taken it in.
   */
  private RegionStatus report(String region, double load) {
    time.advance(Duration.ofMillis(1));
    LoadReport r = new LoadReport(region, "lb", load, time.millis());
    cluster.putLoad(r);
    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(2))
        .until(() -> r.equals(publisher.snapshot().region(region).lastReport()));
    return publisher.snapshot().region(region);
  }

  /** The demand model: a region receives its offered demand times the fraction the view admits. */
  private List<Double> drive(double offered, int rounds) {
    List<Double> fractions = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      double admitted = offered * publisher.current().admitFraction("eu-west");
      fractions.add(report("eu-west", admitted).admitFraction());
    }
    return fractions;
  }

  private static void assertMonotone(List<Double> xs, boolean decreasing) {
    for (int i = 1; i < xs.size(); i++) {
      double step = xs.get(i) - xs.get(i - 1);
      assertTrue(decreasing ? step <= 1e-12 : step >= -1e-12, "not monotone (oscillates) at step " + i + ": " + xs);
    }
  }

  @Test
  void loadIsSmoothedByEwma() {
    start(HealthConfig.defaults().withLoadSmoothing(0.5));
    assertEquals(100, report("us-east", 100).load(), 1e-9);
    assertEquals(200, report("us-east", 300).load(), 1e-9);
    assertEquals(250, report("us-east", 300).load(), 1e-9);
    assertEquals(250, publisher.current().regionLoad("us-east"), 1e-9);
    assertEquals(1.0, publisher.current().admitFraction("us-east"), "capacity 0 is unlimited");
  }

  @Test
  void reportsOlderThanTheTtlExpire() {
    start(HealthConfig.defaults());
    LoadReport old = new LoadReport("eu-west", "lb", 5000, time.millis() - 61_000);
    cluster.putLoad(old);
    await().atMost(Duration.ofSeconds(2)).until(() -> old.equals(publisher.snapshot().region("eu-west").lastReport()));
    assertTrue(Double.isNaN(publisher.current().regionLoad("eu-west")));
    assertEquals(1.0, publisher.current().admitFraction("eu-west"));
  }

  @Test
  void aFreshReportExpiresOnTheTickWithoutAnyChange() {
    start(HealthConfig.defaults().withLoadTtl(Duration.ofMillis(500)).withViewTick(Duration.ofMillis(50)));
    assertEquals(0.5, report("eu-west", 2000).admitFraction(), 1e-9);
    time.advance(Duration.ofMillis(501));
    await().atMost(Duration.ofSeconds(3)).until(() -> Double.isNaN(publisher.current().regionLoad("eu-west")));
    assertEquals(1.0, publisher.current().admitFraction("eu-west"));
    assertTrue(Double.isNaN(meters.find("aya.region.load").tag("region", "eu-west").gauge().value()));
  }

  @Test
  void admitFractionConvergesToCapacityOverOfferedWithoutOscillating() {
    start(HealthConfig.defaults().withLoadSmoothing(0.5));
    List<Double> calm = drive(700, 3);
    assertEquals(List.of(1.0, 1.0, 1.0), calm, "below the low watermark everything is admitted");

    List<Double> surge = drive(2000, 30);
    assertMonotone(surge, true);
    assertEquals(1000.0 / 2000, surge.get(surge.size() - 1), 0.005);
    assertEquals(1000, publisher.current().regionLoad("eu-west"), 10);
    assertEquals(2000, publisher.snapshot().region("eu-west").offered(), 10);

    List<Double> relief = drive(500, 30);
    assertMonotone(relief, false);
    assertEquals(1.0, relief.get(relief.size() - 1), 1e-9);
  }

  @Test
  void betweenTheWatermarksHalfOfTheExcessIsShed() {
    start(HealthConfig.defaults());
    List<Double> f = drive(900, 20);
    // A(900) = 800 + (900 - 800) / 2 = 850
    assertEquals(850.0 / 900, f.get(f.size() - 1), 0.002);
  }

  @Test
  void theFloorKeepsSomeDemandFlowingAndTheEstimateExact() {
    start(HealthConfig.defaults());
    List<Double> f = drive(100_000, 20);
    assertEquals(0.05, f.get(f.size() - 1), 1e-9);
    assertEquals(100_000, publisher.snapshot().region("eu-west").offered(), 1);
  }

  @Test
  void admitFormulaIsContinuousAndNeverAdmitsMoreThanTheHighWatermark() {
    HealthConfig c = HealthConfig.defaults();
    double previousAdmitted = 0;
    for (double d = 1; d < 5000; d += 1) {
      double admitted = d * LoadEstimator.admit(d, 1000, c);
      assertTrue(admitted <= 1000 + 1e-9 || LoadEstimator.admit(d, 1000, c) == c.minAdmitFraction(), "d=" + d);
      assertTrue(Math.abs(admitted - previousAdmitted) < 1.0 + 1e-9, "jump at d=" + d);
      previousAdmitted = admitted;
    }
    assertEquals(1.0, LoadEstimator.admit(800, 1000, c));
    assertEquals(0.5, LoadEstimator.admit(2000, 1000, c));
  }

  @Test
  void aLoadThatStaysPutWithinTheAnswerTtlIsNotReadAsGrowingDemand() {
    start(HealthConfig.defaults());
    // the zone's answers live 30 s: within that time clients need not have followed the cut at all
    for (int i = 0; i < 8; i++) {
      RegionStatus s = report("eu-west", 3000);
      assertEquals(3000, s.offered(), 1e-9, "report " + i);
      assertEquals(1000.0 / 3000, s.admitFraction(), 1e-9, "report " + i);
    }
  }

  @Test
  void theClientLagIsTheLargestAnswerTtlOfTheNamesWithAPoolInTheRegion() {
    publisher = new HealthViewPublisher(cluster, HealthConfig.defaults(), meters, Map.of(), time);
    publisher.onZones(set(
        zone("fast.example", 1, pool(region("eu-west", 1000), WEB, "192.0.2.10"),
            pool(region("us-east", 1000), WEB, "198.51.100.10")),
        zone("slow.example", 30, pool(region("us-east", 1000), WEB, "198.51.100.20"))));
    assertEquals(1000.0 / 3000, report("eu-west", 3000).admitFraction(), 1e-9);
    assertEquals(1000.0 / 3000, report("us-east", 3000).admitFraction(), 1e-9);
    time.advance(Duration.ofMillis(1200));

    // eu-west's answers live 1 s: every client has followed the cut, so a load still at 3000 is 9000 offered
    RegionStatus fast = report("eu-west", 3000);
    assertEquals((9000 + 3000) / 2.0, fast.offered(), 1e-9);
    assertEquals(1000.0 / 6000, fast.admitFraction(), 1e-9);
    // us-east is also in a name whose answers live 30 s: its clients may not have moved yet
    RegionStatus slow = report("us-east", 3000);
    assertEquals(3000, slow.offered(), 1e-9);
    assertEquals(1000.0 / 3000, slow.admitFraction(), 1e-9);
  }
}
