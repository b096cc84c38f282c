package io.aya.gslb.health;

import static io.aya.gslb.health.TestZones.http;
import static io.aya.gslb.health.TestZones.key;
import static io.aya.gslb.health.TestZones.pool;
import static io.aya.gslb.health.TestZones.region;
import static io.aya.gslb.health.TestZones.set;
import static io.aya.gslb.health.TestZones.zone;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.cluster.ClusterConfig;
import io.aya.cluster.ClusterNode;
import io.aya.cluster.Observation;
import io.aya.gslb.zone.CheckSpec;
import io.aya.gslb.zone.Region;
import io.aya.gslb.zone.ZoneSet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Observations of endpoints a node no longer probes, and old ones of nodes that left, are deleted from the
 * shared state of real Hazelcast members (in this JVM, on loopback).
 */
class ObservationCleanupTest {
  private static final String ZONE = "example.com";
  private static final String[] ADDRESSES = {"127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5",
      "127.0.0.6", "127.0.0.7", "127.0.0.8"};
  private final Region eu = region("eu-west", 0);
  /** Stale after 2 × (100 + 200) ms: deletions come within a second or so. */
  private final HealthConfig health = HealthConfig.defaults().withStaleIntervals(2)
      .withViewTick(Duration.ofMillis(100));
  private final List<AutoCloseable> open = Collections.synchronizedList(new ArrayList<>());
  private Backend backend;
  private CheckSpec spec;

  @AfterEach
  void tearDown() throws Exception {
    List<AutoCloseable> all = new ArrayList<>(open);
    Collections.reverse(all);
    for (AutoCloseable c : all) {
      c.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private ClusterNode node(String name, int port, List<String> members, int k) {
    ClusterNode n = ClusterNode.start(ClusterConfig.builder(name).clusterName("aya-cleanup-test")
        .bindHost("127.0.0.1").port(port).members(members).probeRedundancy(k).build());
    open.add(n);
    return n;
  }

  private HealthMonitor monitor(ClusterNode n, HealthConfig config) {
    HealthMonitor m = new HealthMonitor(n, config, new SimpleMeterRegistry());
    open.add(m);
    return m;
  }

  private ZoneSet zones(int endpoints) throws IOException {
    if (backend == null) {
      backend = Backend.fixed(200, "ok");
      open.add(backend);
      spec = http("web", backend.port(), "/", 200, null, 100, 200, 1, 1);
    }
    String[] addresses = new String[endpoints];
    System.arraycopy(ADDRESSES, 0, addresses, 0, endpoints);
    return set(zone(ZONE, pool(eu, spec, addresses)));
  }

  private String endpoint(int i) {
    return key(ZONE, spec, ADDRESSES[i]);
  }

  /** Two cluster members on loopback that see each other. */
  private ClusterNode[] pair() throws Exception {
    int pa = freePort();
    int pb = freePort();
    List<String> both = List.of("127.0.0.1:" + pa, "127.0.0.1:" + pb);
    ClusterNode a = node("a", pa, both, 2);
    ClusterNode b = node("b", pb, both, 2);
    await().atMost(Duration.ofSeconds(15)).until(() -> a.memberCount() == 2 && b.memberCount() == 2);
    return new ClusterNode[] {a, b};
  }

  private static boolean holds(ClusterNode n, String endpoint, String node) {
    String k = Observation.key(endpoint, node);
    return n.observations().stream().anyMatch(o -> o.key().equals(k));
  }

  @Test
  void afterAZoneReloadRemovesAnEndpointItsObservationsDisappearFromEveryMember() throws Exception {
    ClusterNode[] ab = pair();
    ClusterNode a = ab[0];
    ClusterNode b = ab[1];
    HealthMonitor ma = monitor(a, health);
    HealthMonitor mb = monitor(b, health);
    ma.onZones(zones(2));
    mb.onZones(zones(2));
    String kept = endpoint(0);
    String removed = endpoint(1);
    for (ClusterNode n : List.of(a, b)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> holds(n, kept, "a") && holds(n, kept, "b")
          && holds(n, removed, "a") && holds(n, removed, "b"));
    }

    ma.onZones(zones(1));
    mb.onZones(zones(1));

    for (ClusterNode n : List.of(a, b)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !holds(n, removed, "a") && !holds(n, removed, "b"));
    }
    for (ClusterNode n : List.of(a, b)) {
      assertTrue(holds(n, kept, "a") && holds(n, kept, "b"), "an endpoint still probed lost an observation");
    }
  }

  @Test
  void whenTheProbePlanMovesAnEndpointAwayTheNodeThatStoppedProbingItDeletesItsObservation() throws Exception {
    int pa = freePort();
    int pb = freePort();
    List<String> both = List.of("127.0.0.1:" + pa, "127.0.0.1:" + pb);
    ClusterNode a = node("a", pa, both, 1);
    HealthMonitor ma = monitor(a, health);
    ma.onZones(zones(ADDRESSES.length));
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      for (int i = 0; i < ADDRESSES.length; i++) {
        if (!holds(a, endpoint(i), "a")) {
          return false;
        }
      }
      return true;
    });

    ClusterNode b = node("b", pb, both, 1);
    await().atMost(Duration.ofSeconds(15)).until(() -> a.memberCount() == 2 && b.memberCount() == 2);
    monitor(b, health).onZones(zones(ADDRESSES.length));
    List<String> moved = new ArrayList<>();
    for (int i = 0; i < ADDRESSES.length; i++) {
      if (!a.probesLocally(endpoint(i))) {
        moved.add(endpoint(i));
      }
    }
    assertFalse(moved.isEmpty(), "the second member took over none of " + ADDRESSES.length + " endpoints");
    assertTrue(moved.size() < ADDRESSES.length, "the first member kept none of the endpoints");

    for (ClusterNode n : List.of(a, b)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        for (int i = 0; i < ADDRESSES.length; i++) {
          String e = endpoint(i);
          boolean movedAway = moved.contains(e);
          // one observer per endpoint: the one the plan names
          if (holds(n, e, "a") == movedAway || holds(n, e, "b") != movedAway) {
            return false;
          }
        }
        return true;
      });
    }
  }

  @Test
  void oldObservationsOfANodeThatLeftArePurgedAfterTheRetentionButThoseOfALiveNodeAreNot() throws Exception {
    ClusterNode[] ab = pair();
    ClusterNode a = ab[0];
    ClusterNode b = ab[1];
    HealthMonitor ma = monitor(a, health.withObservationRetention(Duration.ofSeconds(2)));
    ma.onZones(zones(1));
    String e = endpoint(0);
    // b runs no checks of its own here: an old observation of b's stays b's business while b is a member
    long old = System.currentTimeMillis() - Duration.ofMinutes(30).toMillis();
    b.putObservation(new Observation(e, "b", false, old, "HTTP 503"));
    b.putObservation(new Observation("gone.example/web@192.0.2.9", "b", false, old, "HTTP 503"));
    await().atMost(Duration.ofSeconds(5)).until(() -> holds(a, e, "b") && holds(a, e, "a"));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
        .until(() -> holds(a, e, "b") && holds(a, "gone.example/web@192.0.2.9", "b"));

    b.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> a.memberCount() == 1);

    await().atMost(Duration.ofSeconds(5)).until(() -> !holds(a, e, "b")
        && !holds(a, "gone.example/web@192.0.2.9", "b"));
    assertTrue(holds(a, e, "a"), "a's own observation of a probed endpoint went too");
  }

  @Test
  void aNodeThatLeftRecentlyKeepsItsObservationsUntilTheyAreOlderThanTheRetention() throws Exception {
    ClusterNode[] ab = pair();
    ClusterNode a = ab[0];
    ClusterNode b = ab[1];
    monitor(a, health.withObservationRetention(Duration.ofMinutes(10))).onZones(zones(1));
    String e = endpoint(0);
    b.putObservation(new Observation(e, "b", true, System.currentTimeMillis(), "HTTP 200"));
    await().atMost(Duration.ofSeconds(5)).until(() -> holds(a, e, "b"));

    b.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> a.memberCount() == 1);

    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> holds(a, e, "b"));
  }
}
