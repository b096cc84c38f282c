package io.aya.gslb.health;

import static io.aya.gslb.health.TestZones.http;
import static io.aya.gslb.health.TestZones.key;
import static io.aya.gslb.health.TestZones.pool;
import static io.aya.gslb.health.TestZones.region;
import static io.aya.gslb.health.TestZones.set;
import static io.aya.gslb.health.TestZones.zone;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.cluster.LocalSharedState;
import io.aya.gslb.zone.CheckSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthServiceTest {
  @Test
  void aFailingBackendDisappearsFromTheAnswerPathViewAndAnOperatorCanForceItBack() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (Backend backend = Backend.fixed(200, "ok");
        LocalSharedState shared = new LocalSharedState("n1");
        HealthService health = new HealthService(shared, HealthConfig.defaults(), meters)) {
      CheckSpec web = http("web", backend.port(), "/", 200, "ok", 100, 2000, 2, 2);
      String k = key("example.com", web, "127.0.0.1");
      health.onZones(set(zone("example.com", pool(region("eu-west", 1000), web, "127.0.0.1"))));
      assertNotNull(health.snapshot().endpoint(k), "known as soon as onZones returns");

      await().atMost(Duration.ofSeconds(3)).until(() -> !health.snapshot().endpoint(k).observations().isEmpty());
      assertTrue(health.current().endpointUp(k));
      assertEquals("HTTP 200", health.snapshot().endpoint(k).lastDetail());
      assertEquals(java.util.List.of(k), health.monitor().probedEndpoints());

      backend.respond(503, "down");
      await().atMost(Duration.ofSeconds(3)).until(() -> !health.current().endpointUp(k));
      assertEquals("1 of 1 observer(s) say down (majority)", health.snapshot().endpoint(k).reason());

      health.operator().forceUp("*@127.0.0.1");
      await().atMost(Duration.ofSeconds(2)).until(() -> health.current().endpointUp(k));

      health.operator().reportLoad("eu-west", 420);
      await().atMost(Duration.ofSeconds(2)).until(() -> health.current().regionLoad("eu-west") == 420);
      assertEquals(420, meters.find("aya.region.load").tag("region", "eu-west").gauge().value());
    }
  }
}
