package io.aya.gslb.health;

import static io.aya.gslb.health.TestZones.region;
import static io.aya.gslb.health.TestZones.set;
import static io.aya.gslb.health.TestZones.zone;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.cluster.LoadReport;
import io.aya.cluster.LocalSharedState;
import io.aya.gslb.zone.LoadProbe;
import io.aya.gslb.zone.Pool;
import io.aya.gslb.zone.PoolMember;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadProbeTest {
  private final LocalSharedState shared = new LocalSharedState("n1");
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private HealthMonitor monitor;

  @AfterEach
  void tearDown() {
    if (monitor != null) {
      monitor.close();
    }
    shared.close();
  }

  private double load(String region) {
    for (LoadReport r : shared.loads()) {
      if (r.region().equals(region)) {
        return r.load();
      }
    }
    return Double.NaN;
  }

  @Test
  void loadProbesPublishBareNumbersAndJsonFields() throws Exception {
    try (Backend json = Backend.fixed(200, "{\"stats\":{\"load\":640.5,\"regions\":[{\"load\":7}]}}");
        Backend bare = Backend.fixed(200, " 1234\n")) {
      Pool eu = new Pool(region("eu-west", 1000), List.of(new PoolMember(TestZones.address("192.0.2.1"), 1)), null, 1);
      Pool us = new Pool(region("us-east", 1000), List.of(new PoolMember(TestZones.address("192.0.2.2"), 1)), null, 1);
      Pool ap = new Pool(region("ap-south", 1000), List.of(new PoolMember(TestZones.address("192.0.2.3"), 1)), null, 1);
      List<LoadProbe> probes = List.of(
          new LoadProbe("eu-west", URI.create("http://127.0.0.1:" + json.port() + "/lb/stats"), "stats.load",
              Duration.ofMillis(100)),
          new LoadProbe("ap-south", URI.create("http://127.0.0.1:" + json.port() + "/lb/stats"), "stats.regions.0.load",
              Duration.ofMillis(100)),
          new LoadProbe("us-east", URI.create("http://127.0.0.1:" + bare.port() + "/load?r=us"), null,
              Duration.ofMillis(100)));
      monitor = new HealthMonitor(shared, HealthConfig.defaults(), meters);
      monitor.onZones(set(zone("example.com", List.of(eu, us, ap), probes)));

      await().atMost(Duration.ofSeconds(3))
          .until(() -> load("eu-west") == 640.5 && load("us-east") == 1234 && load("ap-south") == 7);
      assertTrue(bare.requests.stream().anyMatch(r -> r.path().equals("/load?r=us")
          && r.host().equals("127.0.0.1:" + bare.port()) && r.userAgent().equals(HealthProber.USER_AGENT)));
    }
  }

  @Test
  void aFailingProbePublishesNothingAndCountsFailures() throws Exception {
    try (Backend broken = Backend.fixed(200, "{\"other\":1}")) {
      Pool eu = new Pool(region("eu-west", 1000), List.of(new PoolMember(TestZones.address("192.0.2.1"), 1)), null, 1);
      monitor = new HealthMonitor(shared, HealthConfig.defaults(), meters);
      monitor.onZones(set(zone("example.com", List.of(eu), List.of(new LoadProbe("eu-west",
          URI.create("http://127.0.0.1:" + broken.port() + "/"), "stats.load", Duration.ofMillis(50))))));
      await().atMost(Duration.ofSeconds(3)).until(() -> {
        var c = meters.find("aya.load.probes").tag("region", "eu-west").tag("result", "failure").counter();
        return c != null && c.count() >= 2;
      });
      assertTrue(shared.loads().isEmpty());
    }
  }

  @Test
  void parseLoadAcceptsNumbersAndExplainsEverythingElse() {
    assertEquals(12.5, LoadProbeTask.parseLoad("12.5", null));
    assertEquals(3, LoadProbeTask.parseLoad("{\"a\":{\"b\":\"3\"}}", "a.b"));
    assertEquals("load: 'busy' is not a number",
        assertThrows(IllegalArgumentException.class, () -> LoadProbeTask.parseLoad("busy", null)).getMessage());
    assertEquals("load field 'a.c': missing or not a number",
        assertThrows(IllegalArgumentException.class, () -> LoadProbeTask.parseLoad("{\"a\":{\"b\":1}}", "a.c")).getMessage());
    assertEquals("load in body: -4.0 (expected: a finite number >= 0)",
        assertThrows(IllegalArgumentException.class, () -> LoadProbeTask.parseLoad("-4", null)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> LoadProbeTask.parseLoad("{", "a"))
        .getMessage().startsWith("load body is not JSON"));
  }
}
