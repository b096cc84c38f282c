package io.aya.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * A real network partition: three nodes on their own test hosts (Linux network namespaces on one bridge,
 * made and removed by {@link NetnsLab}), split 2+1 by blackhole routes, operators acting on both sides during
 * the split, then healed. Both sides keep answering throughout, each from its own view, and after the heal
 * every node converges to the documented rule (docs/clustering.md, "Partitions"): per override key the newest
 * action wins, and no override made on either side is lost. Every shared value is sealed with the cluster
 * secret (the members are not on loopback).
 */
class PartitionIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String A = "192.0.2.1";
  private static final String B = "192.0.2.2";
  private static final String C = "192.0.2.3";
  /** Never drained: while overrides cross after the heal a node may briefly see a, b and c drained at once. */
  private static final String D = "192.0.2.4";

  @TempDir Path tmp;
  private final List<AyaProcess> nodes = new ArrayList<>();
  private NetnsLab lab;

  @AfterEach
  void tearDown() {
    for (AyaProcess n : nodes) {
      n.stop();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void bothSidesOfASplitKeepAnsweringAndConvergeToTheNewestActionPerRegionAfterTheHeal() throws Exception {
    lab = new NetnsLab(3);
    Path zones = Files.createDirectories(tmp.resolve("zones"));
    Files.writeString(zones.resolve("split.test.zone"), String.join("\n",
        "$ORIGIN split.test.",
        "$TTL 60",
        "@ IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ IN NS ns1",
        "ns1 IN A 192.0.2.53",
        "$REGION a 50.0 8.0 capacity=1000",
        "$REGION b 51.5 0.0 capacity=1000",
        "$REGION c 40.7 -74.0 capacity=1000",
        "$REGION d 1.3 103.8 capacity=1000",
        "www 30 IN GSLB a " + A,
        "www 30 IN GSLB b " + B,
        "www 30 IN GSLB c " + C,
        "www 30 IN GSLB d " + D,
        "$POLICY www priority=a,b,c,d fallback=none",
        ""));
    Path secret = Files.writeString(tmp.resolve("cluster-secret"), "partition-test-secret-0123456789\n");
    String members = String.join(",", lab.address(0) + ":5701", lab.address(1) + ":5701", lab.address(2) + ":5701");
    for (int i = 0; i < 3; i++) {
      nodes.add(new AyaProcess("n" + (i + 1), tmp.resolve("n" + (i + 1)), lab.address(i), 5353, 8053, 5701,
          lab.launcher(i), List.of("--zones", zones.toString(), "--geo", "", "--networks", "",
              "--cluster-host", lab.address(i), "--cluster-members", members,
              "--cluster-secret-file", secret.toString())));
    }
    AyaProcess.startAll(nodes);
    awaitMembers(3, 3, 3);
    for (AyaProcess n : nodes) {
      assertThat(answer(n)).isEqualTo(A);
    }

    Querier querier = new Querier();
    querier.start();
    try {
      lab.cut(0, 2);
      lab.cut(1, 2);
      awaitMembers(2, 2, 1);

      // during the split: n1 drains a, n3 drains b, n2 drains c and then n3 lifts c (the newest action on c)
      drain(nodes.get(0), "a", "drain");
      drain(nodes.get(2), "b", "drain");
      drain(nodes.get(1), "c", "drain");
      drain(nodes.get(2), "c", "undrain");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(answer(nodes.get(0))).as("n1, side of two: a drained").isEqualTo(B);
        assertThat(answer(nodes.get(1))).as("n2, side of two: a drained").isEqualTo(B);
        assertThat(answer(nodes.get(2))).as("n3, alone: only b drained").isEqualTo(A);
      });

      lab.heal(0, 2);
      lab.heal(1, 2);
      awaitMembers(3, 3, 3);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        for (AyaProcess n : nodes) {
          assertThat(answer(n)).as(n.name + " after the heal: a and b drained, c's undrain is newest").isEqualTo(C);
          assertThat(drained(n)).as(n.name).isEqualTo(Map.of("a", true, "b", true, "c", false, "d", false));
        }
      });
    } finally {
      querier.stop();
    }
    assertThat(querier.failures).as("queries that got no answer from either side").isEmpty();
    assertThat(querier.answered.get()).isGreaterThan(30);
  }

  private void awaitMembers(int... expected) {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      for (int i = 0; i < expected.length; i++) {
        JsonNode c = JSON.readTree(nodes.get(i).get("/api/v1/cluster").body());
        assertThat(c.get("members").size()).as("members seen by n" + (i + 1)).isEqualTo(expected[i]);
      }
    });
  }

  private static void drain(AyaProcess n, String region, String action) throws IOException {
    var r = n.post("/api/v1/regions/" + region + "/" + action);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("drained").asBoolean()).as(r.body()).isEqualTo(action.equals("drain"));
  }

  private static String answer(AyaProcess n) throws IOException {
    Message m = n.query("www.split.test.", Type.A);
    List<String> a = AyaProcess.addresses(m);
    return a.size() == 1 ? a.get(0) : Rcode.string(m.getRcode()) + " " + a;
  }

  /** Region name -> drained, as the node's admin API shows it. */
  private static Map<String, Boolean> drained(AyaProcess n) throws IOException {
    Map<String, Boolean> out = new java.util.TreeMap<>();
    collect(JSON.readTree(n.get("/api/v1/regions").body()), out);
    return out;
  }

  private static void collect(JsonNode node, Map<String, Boolean> out) {
    if (node.isObject() && node.has("name") && node.has("drained") && node.get("drained").isBoolean()) {
      out.put(node.get("name").asText(), node.get("drained").asBoolean());
    }
    for (JsonNode child : node) {
      collect(child, out);
    }
  }

  /** Queries every node over UDP every 100 ms and records any query that got no answer. */
  private final class Querier {
    final List<String> failures = new CopyOnWriteArrayList<>();
    final AtomicInteger answered = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Thread thread;

    void start() {
      thread = new Thread(() -> {
        while (running.get()) {
          for (AyaProcess n : nodes) {
            try {
              Message m = n.query("www.split.test.", Type.A);
              if (m.getRcode() != Rcode.NOERROR || AyaProcess.addresses(m).isEmpty()) {
                failures.add(n.name + ": " + Rcode.string(m.getRcode()));
              } else {
                answered.incrementAndGet();
              }
            } catch (IOException e) {
              failures.add(n.name + ": " + e);
            }
          }
          try {
            Thread.sleep(100); // pacing of the load, not a wait for a condition
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "querier");
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }
  }
}
