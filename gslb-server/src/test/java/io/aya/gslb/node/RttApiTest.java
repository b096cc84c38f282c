package io.aya.gslb.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v1/rtt} over real HTTP on one node: what it takes, and the 4xx for what it does not. */
class RttApiTest {
  @TempDir static Path dir;
  static AyaNode node;

  @BeforeAll
  static void start() throws Exception {
    TestNode.writeZone(dir, "example.test.",
        "$TTL 300",
        "$REGION eu-west 51.5 -0.1 capacity=100",
        "$REGION us-east 40.7 -74.0 capacity=1000",
        "www IN GSLB eu-west 192.0.2.1",
        "    IN GSLB us-east 192.0.2.2",
        "$POLICY www geo capacity answers=1 ttl=30");
    node = TestNode.start(dir);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static TestNode.Reply post(String body) {
    return TestNode.postJson(node, "/api/v1/rtt", body, node.adminToken());
  }

  private static String error(TestNode.Reply r) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    return r.json().get("error").asText();
  }

  @Test
  void samplesForKnownRegionsAreTakenAndCountedByNetwork() {
    TestNode.Reply r = post("{\"samples\": ["
        + "{\"network\": \"81.2.69.0/24\", \"region\": \"eu-west\", \"rttMs\": 23.5},"
        + "{\"network\": \"81.2.69.0/24\", \"region\": \"us-east\", \"rttMs\": 81},"
        + "{\"network\": \"2001:db8:3::/48\", \"region\": \"us-east\", \"rttMs\": 12}]}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("samples").asInt()).isEqualTo(3);
    assertThat(r.json().get("networks").asInt()).isEqualTo(2);
    assertThat(r.json().get("node").asText()).isNotBlank();
  }

  @Test
  void aPostWithoutTheTokenIsRefused() {
    TestNode.Reply r = TestNode.postJson(node, "/api/v1/rtt",
        "{\"samples\": [{\"network\": \"81.2.69.0/24\", \"region\": \"eu-west\", \"rttMs\": 23.5}]}", null);
    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void eachKindOfBadBodyGetsA400SayingWhatIsWrong() {
    assertThat(error(post("{\"samples\": ["))).contains("not valid JSON");
    assertThat(error(post("{\"rtt\": []}"))).contains("missing field: samples");
    assertThat(error(post("{\"samples\": []}"))).contains("samples: empty");
    assertThat(error(post("{\"samples\": {\"a\": 1}}"))).contains("samples: object");
    assertThat(error(post("{\"samples\": [{\"network\": \"81.2.69.1/24\", \"region\": \"eu-west\", \"rttMs\": 3}]}")))
        .contains("samples[0].network: 81.2.69.1/24").contains("host bits");
    assertThat(error(post("{\"samples\": [{\"region\": \"eu-west\", \"rttMs\": 3}]}")))
        .contains("samples[0].network: missing");
    assertThat(error(post("{\"samples\": [{\"network\": \"81.2.69.0/24\", \"region\": \"eu-west\", \"rttMs\": 3},"
        + " {\"network\": \"81.2.69.0/24\", \"region\": \"eu-west\", \"rttMs\": -1}]}")))
        .contains("samples[1].rttMs: -1").contains("0..60000");
    assertThat(error(post("{\"samples\": [{\"network\": \"81.2.69.0/24\", \"region\": \"eu-west\", \"rttMs\": \"9\"}]}")))
        .contains("samples[0].rttMs: \"9\"");
    assertThat(error(post("{\"samples\": [{\"network\": \"81.2.69.0/24\", \"region\": \"mars\", \"rttMs\": 3}]}")))
        .contains("samples[0].region: 'mars'").contains("eu-west").contains("us-east");
  }
}
