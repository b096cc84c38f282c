package io.aya.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Three AYA nodes as separate JVMs on loopback, sharing health, load and overrides over Hazelcast. Backends
 * are real HTTP servers on 127.0.0.2 and 127.0.0.3; the querying client (127.0.0.1) is placed in London by
 * the network map, so eu-west (127.0.0.2) is its nearest region.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  private final List<AyaProcess> nodes = new ArrayList<>();
  private Backend euBackend;
  private Backend usBackend;
  private int checkPort;
  private int[] clusterPorts;

  @BeforeAll
  void startCluster() throws Exception {
    checkPort = freePortOn("127.0.0.2", "127.0.0.3");
    euBackend = new Backend("127.0.0.2", checkPort).start();
    usBackend = new Backend("127.0.0.3", checkPort).start();
    Path zones = Files.createDirectories(tmp.resolve("zones"));
    Files.writeString(zones.resolve("gslb.test.zone"), zone(checkPort));
    // node 3 alone checks a port where nothing listens: it cannot reach the backends
    Path blindZones = Files.createDirectories(tmp.resolve("zones-blind"));
    Files.writeString(blindZones.resolve("gslb.test.zone"), zone(AyaProcess.freePort()));
    Files.writeString(tmp.resolve("networks.txt"), "127.0.0.0/8 lat=51.51 lon=-0.13 country=GB\n");
    Files.writeString(tmp.resolve("config.json"), "{ \"probe-redundancy\": 3 }\n");
    clusterPorts = new int[] {AyaProcess.freePort(), AyaProcess.freePort(), AyaProcess.freePort()};
    for (int i = 0; i < 3; i++) {
      nodes.add(newNode(i, i == 2 ? blindZones : zones));
    }
    startAll();
  }

  private AyaProcess newNode(int i, Path zones) throws IOException {
    StringBuilder members = new StringBuilder();
    for (int p : clusterPorts) {
      members.append(members.length() == 0 ? "" : ",").append("127.0.0.1:").append(p);
    }
    return new AyaProcess("n" + (i + 1), tmp.resolve("n" + (i + 1)), clusterPorts[i], List.of(
        "--zones", zones.toString(),
        "--networks", tmp.resolve("networks.txt").toString(),
        "--geo", "",
        "--config", tmp.resolve("config.json").toString(),
        "--cluster-members", members.toString()));
  }

  private void startAll() throws Exception {
    List<Thread> starters = new ArrayList<>();
    List<Exception> failures = new ArrayList<>();
    for (AyaProcess n : nodes) {
      Thread t = new Thread(() -> {
        try {
          n.start();
        } catch (Exception e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      });
      t.start();
      starters.add(t);
    }
    for (Thread t : starters) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      for (AyaProcess n : nodes) {
        assertThat(members(n)).as("members seen by " + n.name).isEqualTo(3);
      }
    });
  }

  @AfterAll
  void stopCluster() {
    for (AyaProcess n : nodes) {
      n.stop();
    }
    euBackend.close();
    usBackend.close();
  }

  private static String zone(int port) {
    return String.join("\n",
        "$ORIGIN gslb.test.",
        "$TTL 60",
        "@ IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ IN NS ns1",
        "ns1 IN A 127.0.0.1",
        "$REGION eu-west 53.35 -6.26 capacity=1000",
        "$REGION us-east 39.04 -77.49 capacity=1000",
        "$CHECK web http port=" + port + " path=/healthz expect=200 interval=1s timeout=500ms rise=2 fall=2",
        "www 30 IN GSLB eu-west 127.0.0.2 check=web",
        "www 30 IN GSLB us-east 127.0.0.3 check=web",
        "$POLICY www geo fallback=none",
        "static 30 IN GSLB eu-west 192.0.2.10",
        "static 30 IN GSLB us-east 198.51.100.10",
        "$POLICY static geo fallback=none",
        "");
  }

  @Test
  @Order(1)
  void drainOnNodeOneChangesAnswersOnNodeThreeWithinOneSecond() throws Exception {
    AyaProcess n1 = nodes.get(0);
    AyaProcess n3 = nodes.get(2);
    assertThat(answer(n3, "static.gslb.test.")).containsExactly("192.0.2.10");

    long t0 = System.nanoTime();
    assertThat(n1.post("/api/v1/regions/eu-west/drain").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
        .until(() -> answer(n3, "static.gslb.test.").equals(List.of("198.51.100.10")));
    long drainMillis = (System.nanoTime() - t0) / 1_000_000;

    t0 = System.nanoTime();
    assertThat(n1.post("/api/v1/regions/eu-west/undrain").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
        .until(() -> answer(n3, "static.gslb.test.").equals(List.of("192.0.2.10")));
    long undrainMillis = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("propagation: drain %d ms, undrain %d ms%n", drainMillis, undrainMillis);
  }

  @Test
  @Order(2)
  void oneNodeThatAloneCannotReachABackendDoesNotFailItForTheCluster() throws Exception {
    // node 3 probes a dead port, so it observes both endpoints down; the majority (n1, n2) sees them up
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(observation(nodes.get(0), "127.0.0.2", "n3")).isEqualTo(false));
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      for (AyaProcess n : nodes) {
        assertThat(answer(n, "www.gslb.test.")).as(n.name).containsExactly("127.0.0.2");
      }
    });
  }

  @Test
  @Order(3)
  void stoppedBackendMovesAnswersAwayOnEveryNodeWithinTheHealthBound() throws Exception {
    for (AyaProcess n : nodes) {
      assertThat(answer(n, "www.gslb.test.")).containsExactly("127.0.0.2");
    }
    euBackend.stop();
    try {
      // fall=2 x interval 1s + timeout 0.5s, plus 1s for the cluster
      await().atMost(Duration.ofMillis(4500)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
        for (AyaProcess n : nodes) {
          assertThat(answer(n, "www.gslb.test.")).as(n.name).containsExactly("127.0.0.3");
        }
      });
    } finally {
      euBackend = new Backend("127.0.0.2", checkPort).start();
    }
    await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
      for (AyaProcess n : nodes) {
        assertThat(answer(n, "www.gslb.test.")).as(n.name).containsExactly("127.0.0.2");
      }
    });
  }

  @Test
  @Order(4)
  void killedNodeDoesNotCostAQueryAndRejoinsWhenRestarted() throws Exception {
    AyaProcess n1 = nodes.get(0);
    AyaProcess n2 = nodes.get(1);
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    Thread load = new Thread(() -> {
      for (int i = 0; i < 600; i++) {
        for (AyaProcess n : List.of(n1, n2)) {
          try {
            Message m = n.query("www.gslb.test.", Type.A);
            if (m.getRcode() == Rcode.NOERROR && !AyaProcess.addresses(m).isEmpty()) {
              answered.incrementAndGet();
            } else {
              failed.incrementAndGet();
            }
          } catch (IOException e) {
            failed.incrementAndGet();
          }
        }
      }
    });
    load.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> answered.get() > 50);
    nodes.get(2).kill();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(members(n1)).isEqualTo(2);
      assertThat(members(n2)).isEqualTo(2);
    });
    load.join(120_000);
    assertThat(failed.get()).as("queries lost while a node died").isZero();
    assertThat(answered.get()).isEqualTo(1200);

    // the dead node's share of probes is taken over: both survivors keep fresh observations of every endpoint
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(observation(n1, "127.0.0.3", "n1")).isTrue();
      assertThat(observation(n1, "127.0.0.3", "n2")).isTrue();
    });

    AyaProcess restarted = newNode(2, tmp.resolve("zones-blind"));
    nodes.set(2, restarted);
    restarted.start();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      for (AyaProcess n : nodes) {
        assertThat(members(n)).as(n.name).isEqualTo(3);
        assertThat(answer(n, "www.gslb.test.")).as(n.name).containsExactly("127.0.0.2");
      }
    });
  }

  @Test
  @Order(5)
  void drainsSurviveARestartOfEveryNode() throws Exception {
    assertThat(nodes.get(1).post("/api/v1/regions/eu-west/drain").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
      for (AyaProcess n : nodes) {
        assertThat(answer(n, "static.gslb.test.")).containsExactly("198.51.100.10");
      }
    });
    for (AyaProcess n : nodes) {
      n.stop();
    }
    for (int i = 0; i < 3; i++) {
      nodes.set(i, newNode(i, i == 2 ? tmp.resolve("zones-blind") : tmp.resolve("zones")));
    }
    startAll();
    for (AyaProcess n : nodes) {
      assertThat(answer(n, "static.gslb.test.")).as(n.name).containsExactly("198.51.100.10");
    }
    assertThat(nodes.get(0).post("/api/v1/regions/eu-west/undrain").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
      for (AyaProcess n : nodes) {
        assertThat(answer(n, "static.gslb.test.")).containsExactly("192.0.2.10");
      }
    });
  }

  private static List<String> answer(AyaProcess n, String name) throws IOException {
    return AyaProcess.addresses(n.query(name, Type.A));
  }

  private static int members(AyaProcess n) throws IOException {
    JsonNode c = JSON.readTree(n.get("/api/v1/cluster").body());
    return c.get("members").size();
  }

  /** The observation {@code node} made of the endpoint at {@code address}, as seen by {@code via}; null if none. */
  private static Boolean observation(AyaProcess via, String address, String node) throws IOException {
    JsonNode regions = JSON.readTree(via.get("/api/v1/regions").body());
    for (JsonNode region : regions.get("regions")) {
      for (JsonNode ep : region.get("endpoints")) {
        if (ep.get("address").asText().equals(address)) {
          JsonNode obs = ep.get("observations").get(node);
          return obs == null ? null : obs.get("up").asBoolean();
        }
      }
    }
    return null;
  }

  private static int freePortOn(String... hosts) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = AyaProcess.freePort();
      boolean ok = true;
      for (String h : hosts) {
        try (ServerSocket s = new ServerSocket()) {
          s.bind(new InetSocketAddress(h, port));
        } catch (IOException e) {
          ok = false;
        }
      }
      if (ok) {
        return port;
      }
    }
    throw new IOException("no common free port");
  }
}
