package io.aya.gslb.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aya.gslb.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes (embedded Hazelcast members on loopback) planning from what the cluster shares: RTT samples
 * posted to one node change the other's plan, and answers counted by one node are the demand estimate of both,
 * so both answer alike. Region eu (London, capacity 100) and us (New York, capacity 1000); client /24s in
 * 81.2.0.0/16, located in London.
 */
class PlacementClusterTest {
  private static final int NETWORKS = 40;

  @TempDir Path dir;
  private final String clusterName = "test-" + UUID.randomUUID();
  private final List<AyaNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    TestNode.closeAll(nodes);
  }

  private AyaNode start(String name) throws Exception {
    TestNode.write(dir.resolve(name + "/zones/example.test.zone"), String.join("\n",
        "$ORIGIN example.test.",
        "$TTL 300",
        "@ IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ IN NS ns1",
        "ns1 IN A 192.0.2.53",
        "$REGION eu 51.5 -0.1 capacity=100",
        "$REGION us 40.7 -74.0 capacity=1000",
        "www IN GSLB eu 192.0.2.1",
        "    IN GSLB us 192.0.2.2",
        "$POLICY www geo capacity answers=1 ttl=30",
        ""));
    Path networks = TestNode.write(dir.resolve("networks.txt"),
        "81.2.0.0/16 lat=51.5 lon=-0.1 country=GB continent=EU\n");
    ConfigLoader.Settings s = TestNode.settings(dir.resolve(name + "/zones"), dir.resolve(name + "/state"));
    s.node = name;
    s.clusterName = clusterName;
    s.networks = networks.toString();
    if (!nodes.isEmpty()) {
      s.clusterMembers = List.of(TestNode.get(nodes.get(0), "/api/v1/cluster").json().get("address").asText());
    }
    AyaNode n = AyaNode.start(ConfigLoader.load(null, s, TestNode.noEnv()));
    nodes.add(n);
    return n;
  }

  private void joined() {
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream()
        .allMatch(n -> TestNode.get(n, "/healthz").json().get("clusterMembers").asInt() == nodes.size()));
  }

  private static JsonNode placement(AyaNode n, int network) {
    return TestNode.get(n, "/api/v1/explain?name=www.example.test&type=A&client=81.2." + network + ".0/24").json()
        .get("placement");
  }

  @Test
  void rttSamplesPostedToOneMemberChangeThePlanOfTheOther() throws Exception {
    AyaNode a = start("a");
    AyaNode b = start("b");
    joined();
    TestNode.Reply load = TestNode.put(a, "/api/v1/regions/eu/load",
        "{\"load\": 10, \"networks\": {\"81.2.7.0/24\": 10}}", a.adminToken());
    assertThat(load.status()).as(load.body()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      JsonNode p = placement(b, 7);
      assertThat(p.get("planned").asBoolean()).as(p.toString()).isTrue();
      assertThat(p.get("region").asText()).isEqualTo("eu");
    });

    // measured: London's network is far from eu and close to us (a detour the distance model cannot know)
    TestNode.Reply r = TestNode.postJson(a, "/api/v1/rtt", "{\"samples\": ["
        + "{\"network\": \"81.2.7.0/24\", \"region\": \"eu\", \"rttMs\": 180},"
        + "{\"network\": \"81.2.7.0/24\", \"region\": \"eu\", \"rttMs\": 200},"
        + "{\"network\": \"81.2.7.0/24\", \"region\": \"us\", \"rttMs\": 9}]}", a.adminToken());
    assertThat(r.status()).as(r.body()).isEqualTo(200);

    for (AyaNode n : List.of(b, a)) {
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        JsonNode p = placement(n, 7);
        assertThat(p.get("region").asText()).as(p.toString()).isEqualTo("us");
        assertThat(p.get("costs").get("eu").asDouble()).isEqualTo(190.0);
        assertThat(p.get("costs").get("us").asDouble()).isEqualTo(9.0);
        assertThat(p.get("measured")).extracting(JsonNode::asText).containsExactlyInAnyOrder("eu", "us");
      });
    }
    assertThat(TestNode.aFrom(b, "www.example.test.", "81.2.7.0")).containsExactly("192.0.2.2");
  }

  @Test
  void answersCountedByOneMemberAreTheDemandEstimateOfBothSoBothAnswerAlike() throws Exception {
    AyaNode a = start("a");
    AyaNode b = start("b");
    joined();
    // only a answers these networks: b never sees them
    for (int i = 0; i < NETWORKS; i++) {
      assertThat(TestNode.aFrom(a, "www.example.test.", "81.2." + i + ".0")).containsExactly("192.0.2.1");
    }
    // a bare report (no breakdown): twice eu's capacity, to be split over the networks the cluster counted
    TestNode.Reply load = TestNode.put(b, "/api/v1/regions/eu/load", "{\"load\": 200}", b.adminToken());
    assertThat(load.status()).as(load.body()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      StringJoiner onA = new StringJoiner(",");
      StringJoiner onB = new StringJoiner(",");
      int eu = 0;
      for (int i = 0; i < NETWORKS; i++) {
        JsonNode pa = placement(a, i);
        JsonNode pb = placement(b, i);
        assertThat(pb.get("planned").asBoolean()).as(pb.toString()).isTrue();
        assertThat(pb.get("demandSource").asText()).isEqualTo("ESTIMATED");
        onA.add(pa.get("split").toString());
        onB.add(pb.get("split").toString());
        eu += pb.get("region").asText().equals("eu") ? 1 : 0;
      }
      assertThat(onB.toString()).isEqualTo(onA.toString());
      // eu keeps about 95 of the 200 (19 of 40 equal networks), us takes the rest
      assertThat(eu).isBetween(17, 21);
    });
  }
}
