package io.aya.gslb.health;

import static io.aya.gslb.health.TestZones.check;
import static io.aya.gslb.health.TestZones.pool;
import static io.aya.gslb.health.TestZones.region;
import static io.aya.gslb.health.TestZones.set;
import static io.aya.gslb.health.TestZones.zone;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.cluster.LocalSharedState;
import io.aya.cluster.Observation;
import io.aya.gslb.zone.CheckSpec;
import io.aya.gslb.zone.CheckType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ManyEndpointsTest {
  private static final int ENDPOINTS = 1000;

  @Test
  void aThousandEndpointsAreCheckedByTwoThreads() throws Exception {
    // one listener on every loopback address: 127.0.x.y all reach it
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(0), 1024);
      Thread acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try (Socket s = server.accept()) {
            // accept and close: a TCP check needs only the handshake
          } catch (IOException e) {
            return;
          }
        }
      }, "test-acceptor");
      acceptor.setDaemon(true);
      acceptor.start();

      CheckSpec tcp = check("tcp", CheckType.TCP, server.getLocalPort(), 1000, 3000, 1, 1);
      String[] addresses = new String[ENDPOINTS];
      for (int i = 0; i < ENDPOINTS; i++) {
        addresses[i] = "127.0." + (1 + i / 250) + "." + (1 + i % 250);
      }
      try (LocalSharedState shared = new LocalSharedState("n1");
          HealthMonitor monitor = new HealthMonitor(shared, HealthConfig.defaults().withIoThreads(2),
              new SimpleMeterRegistry())) {
        monitor.onZones(set(zone("example.com", pool(region("eu-west", 0), tcp, addresses))));
        assertEquals(ENDPOINTS, monitor.probedEndpoints().size());
        await().atMost(Duration.ofSeconds(15)).until(() -> upCount(shared) == ENDPOINTS);

        long probeThreads = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().matches("aya-health-\\d+-\\d+"))
            .count();
        assertTrue(probeThreads <= 2, "probe threads: " + probeThreads);
      }
    }
  }

  private static long upCount(LocalSharedState shared) {
    long n = 0;
    for (Observation o : shared.observations()) {
      if (o.up()) {
        n++;
      }
    }
    return n;
  }
}
