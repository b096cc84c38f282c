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
import java.util.concurrent.atomic.AtomicBoolean;
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
 *
 * <p>The nodes run with the default probe redundancy k = 2 (set explicitly below), so every endpoint has
 * one node that does not probe it: rendezvous hashing over the names n1, n2, n3 gives
 * {@code gslb.test/web@127.0.0.2} to n3 and n1, and {@code gslb.test/web@127.0.0.3} to n2 and n1. The tests
 * assert this layout before relying on it.
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
    Files.writeString(tmp.resolve("config.json"), "{ \"probe-redundancy\": 2 }\n");
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
    AyaProcess.startAll(nodes);
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
    // node 3 probes a dead port, so it observes its endpoints down; its fellow prober n1 sees 127.0.0.2 up
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(observation(nodes.get(0), "127.0.0.2", "n3")).isEqualTo(false);
      assertThat(counted(nodes.get(0), "127.0.0.2", "n3")).as("n3 probes 127.0.0.2").isTrue();
      assertThat(counted(nodes.get(0), "127.0.0.2", "n1")).as("n1 probes 127.0.0.2").isTrue();
    });
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
    AtomicInteger moved = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    // queries both survivors until the dead node's share has moved, so the load spans the whole failure
    Thread load = new Thread(() -> {
      while (!stop.get()) {
        for (AyaProcess n : List.of(n1, n2)) {
          try {
            Message m = n.query("www.gslb.test.", Type.A);
            if (m.getRcode() != Rcode.NOERROR || AyaProcess.addresses(m).isEmpty()) {
              failed.incrementAndGet();
            } else if (!AyaProcess.addresses(m).equals(List.of("127.0.0.2"))) {
              moved.incrementAndGet();
            } else {
              answered.incrementAndGet();
            }
          } catch (IOException e) {
            failed.incrementAndGet();
          }
        }
      }
    });
    // before the kill: 127.0.0.2 is probed by n3 and n1, not by n2
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(counted(n1, "127.0.0.2", "n3")).as("n3 probes 127.0.0.2").isTrue();
      assertThat(counted(n1, "127.0.0.2", "n1")).as("n1 probes 127.0.0.2").isTrue();
      assertThat(counted(n1, "127.0.0.2", "n2")).as("n2 does not probe 127.0.0.2").isNotEqualTo(true);
    });
    load.start();
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> answered.get() > 50);
      long killedAt = System.currentTimeMillis();
      nodes.get(2).kill();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(members(n1)).isEqualTo(2);
        assertThat(members(n2)).isEqualTo(2);
      });
      int answeredWhenDropped = answered.get();

      // n3's share of the probes moves to n2: before the kill n2 did not probe 127.0.0.2 (checked above),
      // now it does, with fresh observations that count; n3's last ones no longer count (it is not live)
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        for (AyaProcess via : List.of(n1, n2)) {
          JsonNode byN2 = observationNode(via, "127.0.0.2", "n2");
          assertThat(byN2).as("n2's observation of 127.0.0.2 seen by " + via.name).isNotNull();
          assertThat(byN2.get("timeMillis").asLong()).isGreaterThan(killedAt);
          assertThat(byN2.get("up").asBoolean()).isTrue();
          assertThat(byN2.get("counted").asBoolean()).isTrue();
          assertThat(counted(via, "127.0.0.2", "n3")).isFalse();
        }
      });
      await().atMost(Duration.ofSeconds(5)).until(() -> answered.get() > answeredWhenDropped + 50);
    } finally {
      stop.set(true);
      load.join(30_000);
    }
    assertThat(failed.get()).as("queries lost while a node died").isZero();
    assertThat(moved.get()).as("answers that left eu-west while a node died").isZero();

    AyaProcess restarted = newNode(2, tmp.resolve("zones-blind"));
    nodes.set(2, restarted);
    restarted.start();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      for (AyaProcess n : nodes) {
        assertThat(members(n)).as(n.name).isEqualTo(3);
        assertThat(answer(n, "www.gslb.test.")).as(n.name).containsExactly("127.0.0.2");
      }
    });
    // the rejoined n3 takes its share back: it probes 127.0.0.2 again and n2 stops (its observation ages out)
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      for (AyaProcess n : nodes) {
        assertThat(counted(n, "127.0.0.2", "n3")).as("n3 counted on " + n.name).isTrue();
        assertThat(counted(n, "127.0.0.2", "n2")).as("n2 counted on " + n.name).isFalse();
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
    JsonNode obs = observationNode(via, address, node);
    return obs == null ? null : obs.get("up").asBoolean();
  }

  /** Whether {@code via} counts {@code node}'s observation of {@code address} (live and fresh); null if none. */
  private static Boolean counted(AyaProcess via, String address, String node) throws IOException {
    JsonNode obs = observationNode(via, address, node);
    return obs == null ? null : obs.get("counted").asBoolean();
  }

  /** {@code node}'s observation of the endpoint at {@code address} in {@code via}'s /api/v1/regions, or null. */
  private static JsonNode observationNode(AyaProcess via, String address, String node) throws IOException {
    JsonNode regions = JSON.readTree(via.get("/api/v1/regions").body());
    for (JsonNode region : regions.get("regions")) {
      for (JsonNode ep : region.get("endpoints")) {
        if (ep.get("address").asText().equals(address)) {
          return ep.get("observations").get(node);
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
