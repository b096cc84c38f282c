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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.cluster.LoadReport;
import io.aya.cluster.LocalSharedState;
import io.aya.cluster.MemberInfo;
import io.aya.cluster.NetworkReport;
import io.aya.cluster.Observation;
import io.aya.cluster.OperatorOverride;
import io.aya.cluster.SharedState;
import io.aya.gslb.zone.CheckSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OperatorActionsTest {
  private static final CheckSpec WEB = http("web", 80, "/", 200, null, 1000, 500, 2, 2);
  private static final String A = key("example.com", WEB, "192.0.2.10");
  private static final String B = key("example.com", WEB, "198.51.100.10");
  private final LocalSharedState shared = new LocalSharedState("ams1");
  private final AtomicLong now = new AtomicLong(System.currentTimeMillis());
  private HealthViewPublisher view;
  private OperatorActions ops;

  /** A clock that advances 1 ms per read, so that successive operator actions are strictly ordered. */
  private final Clock ticking = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(now.incrementAndGet());
    }
  };

  @BeforeEach
  void setUp() {
    view = new HealthViewPublisher(shared, HealthConfig.defaults(), new SimpleMeterRegistry());
    view.onZones(set(zone("example.com", pool(region("eu-west", 1000), WEB, "192.0.2.10"),
        pool(region("eu-central", 0), WEB, "192.0.2.20"), pool(region("us-east", 0), WEB, "198.51.100.10"))));
    ops = new OperatorActions(shared, view, ticking);
  }

  @AfterEach
  void tearDown() {
    view.close();
    shared.close();
  }

  @Test
  void drainAndUndrainWriteOverridesEveryNodeSees() {
    OperatorOverride o = ops.drain("eu-*");
    assertEquals(OperatorOverride.Kind.DRAIN, o.kind());
    assertEquals("ams1", o.node());
    assertTrue(shared.overrides().contains(o));
    await().atMost(Duration.ofSeconds(2)).until(() -> view.current().regionDrained("eu-central"));
    assertTrue(view.current().regionDrained("eu-west"));
    assertFalse(view.current().regionDrained("us-east"));

    ops.undrain("eu-west");
    await().atMost(Duration.ofSeconds(2)).until(() -> !view.current().regionDrained("eu-west"));
    assertTrue(view.current().regionDrained("eu-central"));
    ops.undrain("eu-*");
    await().atMost(Duration.ofSeconds(2)).until(() -> !view.current().regionDrained("eu-central"));
  }

  @Test
  void whatAnOperatorDidIsInThisNodesViewWhenTheCallReturns() {
    // a shared state that never tells the view about changes: only the call itself can bring them in
    SharedState silent = new Unannounced(shared);
    HealthViewPublisher quiet = new HealthViewPublisher(silent, HealthConfig.defaults(), new SimpleMeterRegistry());
    try {
      quiet.onZones(set(zone("example.com", pool(region("eu-west", 1000), WEB, "192.0.2.10"),
          pool(region("us-east", 0), WEB, "198.51.100.10"))));
      OperatorActions actions = new OperatorActions(silent, quiet, ticking);

      actions.drain("eu-west");
      assertTrue(quiet.current().regionDrained("eu-west"), "drained as the drain returns");
      actions.undrain("eu-west");
      assertFalse(quiet.current().regionDrained("eu-west"), "undrained as the undrain returns");
      actions.forceDown(A);
      assertFalse(quiet.current().endpointUp(A), "down as the force returns");
      actions.clearForce(A);
      assertTrue(quiet.current().endpointUp(A), "up again as the clear returns");
      actions.reportLoad("eu-west", 700);
      assertEquals(700, quiet.current().regionLoad("eu-west"), "load in the view as the report returns");
    } finally {
      quiet.close();
    }
  }

  /** Everything of another shared state except its change notifications. */
  private static final class Unannounced implements SharedState {
    private final SharedState d;

    Unannounced(SharedState d) {
      this.d = d;
    }

    @Override public String nodeName() { return d.nodeName(); }
    @Override public void putObservation(Observation o) { d.putObservation(o); }
    @Override public boolean removeObservation(String endpoint, String node, long notAfterMillis) {
      return d.removeObservation(endpoint, node, notAfterMillis);
    }
    @Override public void putLoad(LoadReport r) { d.putLoad(r); }
    @Override public void putNetworkReport(NetworkReport r) { d.putNetworkReport(r); }
    @Override public Collection<NetworkReport> networkReports() { return d.networkReports(); }
    @Override public void putOverride(OperatorOverride o) { d.putOverride(o); }
    @Override public Collection<Observation> observations() { return d.observations(); }
    @Override public Collection<LoadReport> loads() { return d.loads(); }
    @Override public Collection<OperatorOverride> overrides() { return d.overrides(); }
    @Override public List<MemberInfo> members() { return d.members(); }
    @Override public boolean probesLocally(String endpointKey) { return d.probesLocally(endpointKey); }
    @Override public void addListener(Runnable onChange) {}
    @Override public void close() {}
  }

  @Test
  void unknownRegionIsRejectedWithTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ops.drain("ap-*"));
    assertEquals("region: 'ap-*' matches no region of the served zones (known: [eu-central, eu-west, us-east])",
        e.getMessage());
    assertTrue(shared.overrides().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> ops.drain(" "));
    assertThrows(IllegalArgumentException.class, () -> ops.drain("eu-\nwest"));
  }

  @Test
  void undrainOfARegionNoLongerServedIsAcceptedWhenADrainNamesIt() {
    ops.drain("eu-west");
    view.onZones(set(zone("example.com", pool(region("us-east", 0), WEB, "198.51.100.10"))));
    ops.undrain("eu-west");
    assertThrows(IllegalArgumentException.class, () -> ops.undrain("eu-central"));
  }

  @Test
  void forceUpForceDownAndClearForceWithGlobs() {
    ops.forceDown("*@192.0.2.10");
    await().atMost(Duration.ofSeconds(2)).until(() -> !view.current().endpointUp(A));
    assertTrue(view.current().endpointUp(B));
    ops.forceUp(A);
    await().atMost(Duration.ofSeconds(2)).until(() -> view.current().endpointUp(A));
    ops.forceDown("example.com/*");
    await().atMost(Duration.ofSeconds(2)).until(() -> !view.current().endpointUp(B));
    ops.clearForce("example.com/*");
    await().atMost(Duration.ofSeconds(2)).until(() -> view.current().endpointUp(A) && view.current().endpointUp(B));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ops.forceDown("*@10.9.9.9"));
    assertTrue(e.getMessage().startsWith("endpoint: '*@10.9.9.9' matches no endpoint of the served zones"), e.getMessage());
  }

  @Test
  void reportLoadValidatesRegionAndValue() {
    LoadReport r = ops.reportLoad("eu-west", 1200);
    assertEquals("ams1", r.node());
    await().atMost(Duration.ofSeconds(2)).until(() -> view.current().regionLoad("eu-west") == 1200);
    assertEquals("load: -1.0 (expected: a finite number >= 0)",
        assertThrows(IllegalArgumentException.class, () -> ops.reportLoad("eu-west", -1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> ops.reportLoad("eu-west", Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> ops.reportLoad("eu-west", Double.POSITIVE_INFINITY));
    assertEquals("region: 'eu-*' is not declared by any zone (known: [eu-central, eu-west, us-east])",
        assertThrows(IllegalArgumentException.class, () -> ops.reportLoad("eu-*", 5)).getMessage());
  }

  @Test
  void anUndrainTakesEffectEvenWhenTheDrainWasStampedAheadOfThisNodesClock() {
    // another node whose clock ran 20 s ahead (within the cluster's skew bound) drained the region
    long ahead = now.get() + 20_000;
    shared.putOverride(new OperatorOverride(OperatorOverride.Kind.DRAIN, "eu-*", true, ahead, "fra1"));
    await().atMost(Duration.ofSeconds(2)).until(() -> view.current().regionDrained("eu-west"));
    OperatorOverride undrain = ops.undrain("eu-west");
    assertTrue(undrain.timestampMillis() > ahead, "stamped after the newest drain: " + undrain);
    await().atMost(Duration.ofSeconds(2)).until(() -> !view.current().regionDrained("eu-west"));
    assertTrue(view.current().regionDrained("eu-central"));
  }

  @Test
  void clearingAForceStampsAfterTheNewestForceOfEitherKind() {
    long ahead = now.get() + 20_000;
    shared.putOverride(new OperatorOverride(OperatorOverride.Kind.FORCE_DOWN, A, true, ahead, "fra1"));
    ops.clearForce(A);
    assertTrue(shared.overrides().stream().filter(o -> o.target().equals(A) && !o.active())
        .allMatch(o -> o.timestampMillis() > ahead), shared.overrides().toString());
  }

  @Test
  void theDrainInEffectIsReportedNotTheOneAskedFor() {
    java.util.List<String> eu = java.util.List.of("eu-west", "eu-central");
    assertFalse(ops.drainInEffect(eu, true, true), "nothing drained yet");
    ops.drain("eu-west");
    assertFalse(ops.drainInEffect(eu, true, true), "eu-central is not drained");
    assertTrue(ops.drainInEffect(eu, false, false), "an undrain of both would still leave eu-west drained");
    ops.drain("eu-*");
    assertTrue(ops.drainInEffect(eu, true, true));
    ops.undrain("eu-*");
    assertFalse(ops.drainInEffect(eu, false, true));
    assertTrue(ops.drainInEffect(java.util.List.of(), true, true), "no served region: the override itself");
  }
}
