package io.aya.gslb.health;

import static io.aya.gslb.health.TestZones.http;
import static io.aya.gslb.health.TestZones.key;
import static io.aya.gslb.health.TestZones.pool;
import static io.aya.gslb.health.TestZones.region;
import static io.aya.gslb.health.TestZones.set;
import static io.aya.gslb.health.TestZones.zone;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.cluster.Observation;
import io.aya.cluster.OperatorOverride;
import io.aya.cluster.OperatorOverride.Kind;
import io.aya.gslb.zone.CheckSpec;
import io.aya.gslb.zone.Region;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthViewPublisherTest {
  private static final String ZONE = "example.com";
  private static final CheckSpec WEB = http("web", 80, "/", 200, null, 1000, 500, 2, 2);
  private static final String A = key(ZONE, WEB, "192.0.2.10");
  private static final String B = key(ZONE, WEB, "192.0.2.11");
  private static final String C = key(ZONE, WEB, "198.51.100.10");
  private final Region euWest = region("eu-west", 1000);
  private final Region euCentral = region("eu-central", 1000);
  private final Region usEast = region("us-east", 0);
  private final TestClusterState cluster = new TestClusterState("n1", "n2", "n3");
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private HealthViewPublisher publisher;

  @AfterEach
  void tearDown() {
    if (publisher != null) {
      publisher.close();
    }
    cluster.close();
  }

  private HealthViewPublisher publisher(HealthConfig config) {
    return publisher(config, Clock.systemUTC());
  }

  private HealthViewPublisher publisher(HealthConfig config, Clock clock) {
    publisher = new HealthViewPublisher(cluster, config, meters, java.util.Map.of(), clock);
    publisher.onZones(set(
        zone(ZONE, pool(euWest, WEB, "192.0.2.10", "192.0.2.11"), pool(usEast, WEB, "198.51.100.10")),
        zone("example.org", pool(euCentral, WEB, "192.0.2.10"))));
    return publisher;
  }

  private void observe(String endpoint, String node, boolean up) {
    cluster.putObservation(new Observation(endpoint, node, up, System.currentTimeMillis(), up ? "HTTP 200" : "HTTP 503"));
  }

  private boolean up(String key) {
    return publisher.current().endpointUp(key);
  }

  @Test
  void majorityQuorumNeedsMoreThanHalfOfTheObserversToSayDown() {
    publisher(HealthConfig.defaults());
    observe(A, "n1", true);
    observe(A, "n2", true);
    observe(A, "n3", false);
    await().atMost(Duration.ofSeconds(2)).until(() -> publisher.snapshot().endpoint(A).observations().size() == 3);
    assertTrue(up(A), "one of three says down: still up");
    observe(A, "n2", false);
    await().atMost(Duration.ofSeconds(2)).until(() -> !up(A));
    EndpointStatus s = publisher.snapshot().endpoint(A);
    assertEquals("2 of 3 observer(s) say down (majority)", s.reason());
    assertFalse(s.checkedUp());
    assertEquals("eu-west", s.region());
    assertEquals("192.0.2.10", s.address());
    assertEquals("HTTP 503", s.lastDetail());
    assertTrue(s.lastResultMillis() > 0);
  }

  @Test
  void majorityQuorumKeepsAnEvenSplitUp() {
    publisher(HealthConfig.defaults());
    cluster.setMembers("n1", "n2");
    observe(A, "n1", true);
    observe(A, "n2", false);
    await().atMost(Duration.ofSeconds(2)).until(() -> publisher.snapshot().endpoint(A).observations().size() == 2);
    assertTrue(up(A));
  }

  @Test
  void anyQuorumTakesTheEndpointDownWhenOneObserverSaysDown() {
    publisher(HealthConfig.defaults().withQuorum(Quorum.ANY));
    observe(A, "n1", true);
    observe(A, "n2", true);
    await().atMost(Duration.ofSeconds(2)).until(() -> publisher.snapshot().endpoint(A).observations().size() == 2);
    assertTrue(up(A));
    observe(A, "n3", false);
    await().atMost(Duration.ofSeconds(2)).until(() -> !up(A));
  }

  @Test
  void allQuorumNeedsEveryObserverToSayDown() {
    publisher(HealthConfig.defaults().withQuorum(Quorum.ALL));
    observe(A, "n1", false);
    observe(A, "n2", false);
    observe(A, "n3", true);
    await().atMost(Duration.ofSeconds(2)).until(() -> publisher.snapshot().endpoint(A).observations().size() == 3);
    assertTrue(up(A));
    observe(A, "n3", false);
    await().atMost(Duration.ofSeconds(2)).until(() -> !up(A));
  }

  @Test
  void observationsOfMembersThatLeftDoNotCount() {
    publisher(HealthConfig.defaults());
    observe(A, "n1", true);
    observe(A, "n2", false);
    observe(A, "n3", false);
    await().atMost(Duration.ofSeconds(2)).until(() -> !up(A));
    cluster.setMembers("n1");
    await().atMost(Duration.ofSeconds(2)).until(() -> up(A));
    EndpointStatus s = publisher.snapshot().endpoint(A);
    assertEquals(3, s.observations().size());
    NodeObservation n2 = s.observations().get(1);
    assertEquals("n2", n2.node());
    assertFalse(n2.live());
    assertFalse(n2.counted());
    assertTrue(n2.fresh());
  }

  @Test
  void staleObservationsAreIgnoredAndTheColdStartRuleApplies() {
    publisher(HealthConfig.defaults().withColdStart(ColdStart.WAIT_FIRST_ROUND));
    long old = System.currentTimeMillis() - 3 * (1000 + 500) - 1000;
    cluster.putObservation(new Observation(A, "n1", true, old, "HTTP 200"));
    cluster.putObservation(new Observation(B, "n1", true, System.currentTimeMillis(), "HTTP 200"));
    await().atMost(Duration.ofSeconds(2)).until(() -> up(B));
    assertFalse(up(A), "an up verdict older than 3 x (interval + timeout) must not keep it up");
    assertFalse(publisher.snapshot().endpoint(A).observations().get(0).fresh());
    assertFalse(up(C), "no observation at all: waiting for the first round");
    assertTrue(publisher.snapshot().endpoint(C).reason().contains("waiting for a first result"));
  }

  @Test
  void assumeUpAnswersEndpointsWithoutObservations() {
    publisher(HealthConfig.defaults());
    assertTrue(up(A));
    assertTrue(publisher.snapshot().endpoint(A).reason().contains("assumed up"));
    assertTrue(up("static.example/none@203.0.113.1"), "keys without checks are static and up");
  }

  @Test
  void anEndpointDownBeforeARestartStaysDownInAssumeUpModeUntilANewerObservation() {
    long before = System.currentTimeMillis() - 60_000;
    publisher = new HealthViewPublisher(cluster, HealthConfig.defaults(), meters,
        java.util.Map.of(A, new Observation(A, "n1", false, before, "connection refused")));
    publisher.onZones(set(zone(ZONE, pool(euWest, WEB, "192.0.2.10", "192.0.2.11"))));
    assertFalse(up(A), "known down before the restart: never answered because state was lost");
    assertTrue(publisher.snapshot().endpoint(A).reason().contains("down before the restart (connection refused)"));
    assertTrue(up(B), "no record of B: the cold-start rule (assume up)");

    // an observation older than the persisted verdict does not lift it; a newer one does
    cluster.putObservation(new Observation(A, "n2", true, before - 1, "HTTP 200"));
    cluster.putObservation(new Observation(B, "n2", true, System.currentTimeMillis(), "HTTP 200"));
    await().atMost(Duration.ofSeconds(2)).until(() -> publisher.snapshot().endpoint(A).observations().size() == 1);
    assertFalse(up(A));
    observe(A, "n1", true);
    await().atMost(Duration.ofSeconds(2)).until(() -> up(A));
  }

  @Test
  void observationsExpireOnTheTickWithoutAnyChange() {
    TestClock time = TestClock.startingNow();
    publisher(HealthConfig.defaults().withColdStart(ColdStart.WAIT_FIRST_ROUND).withViewTick(Duration.ofMillis(50)), time);
    // fresh for 0.8 s more: 3 x (1 s interval + 0.5 s timeout)
    cluster.putObservation(new Observation(A, "n1", true, time.millis() - 3700, "HTTP 200"));
    await().atMost(Duration.ofSeconds(2)).until(() -> up(A));
    time.advance(Duration.ofMillis(801));
    await().atMost(Duration.ofSeconds(2)).until(() -> !up(A));
  }

  @Test
  void forceOverridesMatchGlobsAndTheNewestMatchingOneDecides() {
    publisher(HealthConfig.defaults());
    observe(A, "n1", false);
    observe(A, "n2", false);
    await().atMost(Duration.ofSeconds(2)).until(() -> !up(A));
    String aOrg = key("example.org", WEB, "192.0.2.10");
    long t = System.currentTimeMillis();
    cluster.putOverride(new OperatorOverride(Kind.FORCE_UP, "example.com/*", true, t, "n1"));
    await().atMost(Duration.ofSeconds(2)).until(() -> up(A));
    assertEquals(Kind.FORCE_UP, publisher.snapshot().endpoint(A).override().kind());
    assertFalse(publisher.snapshot().endpoint(A).checkedUp());

    cluster.putOverride(new OperatorOverride(Kind.FORCE_DOWN, "*@192.0.2.10", true, t + 1, "n2"));
    await().atMost(Duration.ofSeconds(2)).until(() -> !up(A) && !up(aOrg));
    assertTrue(up(B), "192.0.2.11 does not match *@192.0.2.10 and stays forced up");
    assertTrue(up(C));

    // clearing one endpoint (newer, inactive) hands it back to its checks; the glob still holds the other
    cluster.putOverride(new OperatorOverride(Kind.FORCE_DOWN, aOrg, false, t + 2, "n1"));
    cluster.putOverride(new OperatorOverride(Kind.FORCE_UP, aOrg, false, t + 2, "n1"));
    await().atMost(Duration.ofSeconds(2)).until(() -> up(aOrg));
    assertNull(publisher.snapshot().endpoint(aOrg).override());
    assertFalse(up(A));
  }

  @Test
  void equalTimestampsFavourForceDown() {
    publisher(HealthConfig.defaults());
    long t = System.currentTimeMillis();
    cluster.putOverride(new OperatorOverride(Kind.FORCE_UP, A, true, t, "n1"));
    cluster.putOverride(new OperatorOverride(Kind.FORCE_DOWN, A, true, t, "n2"));
    await().atMost(Duration.ofSeconds(2)).until(() -> !up(A));
  }

  @Test
  void drainsMatchRegionGlobsAndAnUndrainOfOneRegionWinsWhenNewer() {
    publisher(HealthConfig.defaults());
    long t = System.currentTimeMillis();
    cluster.putOverride(new OperatorOverride(Kind.DRAIN, "eu-*", true, t, "n1"));
    await().atMost(Duration.ofSeconds(2))
        .until(() -> publisher.current().regionDrained("eu-west") && publisher.current().regionDrained("eu-central"));
    assertFalse(publisher.current().regionDrained("us-east"));
    assertFalse(publisher.current().regionDrained("nowhere"));

    cluster.putOverride(new OperatorOverride(Kind.DRAIN, "eu-west", false, t + 1, "n2"));
    await().atMost(Duration.ofSeconds(2)).until(() -> !publisher.current().regionDrained("eu-west"));
    assertTrue(publisher.current().regionDrained("eu-central"));
    RegionStatus west = publisher.snapshot().region("eu-west");
    assertNotNull(west.drainOverride());
    assertFalse(west.drainOverride().active());
    assertEquals(1000, west.capacity());
    assertEquals(2, west.endpointsTotal());
  }

  @Test
  void regionCountsItsUpEndpoints() {
    publisher(HealthConfig.defaults());
    observe(B, "n1", false);
    observe(B, "n2", false);
    await().atMost(Duration.ofSeconds(2)).until(() -> publisher.snapshot().region("eu-west").endpointsUp() == 1);
    assertEquals(1, publisher.snapshot().region("us-east").endpointsUp());
  }

  @Test
  void zoneReloadDropsEndpointsAndRegionsThatAreGone() {
    publisher(HealthConfig.defaults());
    assertNotNull(publisher.snapshot().endpoint(C));
    assertNotNull(meters.find("aya.region.load").tag("region", "us-east").gauge());
    publisher.onZones(set(zone(ZONE, pool(euWest, WEB, "192.0.2.10"))));
    assertNull(publisher.snapshot().endpoint(C));
    assertNull(publisher.snapshot().region("us-east"));
    assertNull(meters.find("aya.region.load").tag("region", "us-east").gauge());
    assertNull(meters.find("aya.region.admit.fraction").tag("region", "us-east").gauge());
    assertNotNull(meters.find("aya.region.admit.fraction").tag("region", "eu-west").gauge());
  }
}
