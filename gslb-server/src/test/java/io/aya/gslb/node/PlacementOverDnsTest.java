package io.aya.gslb.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aya.gslb.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ClientSubnetOption;

/**
 * The placement plan over real DNS: one node, a small region (eu, London, capacity 100) and a large one (us,
 * New York), 50 London client /24s. Until a load report with a per-network breakdown arrives every network
 * gets eu (nearest); after a report of 200 from those networks, the plan keeps eu at 95 % of its capacity and
 * the stable hash sends the rest of the networks to us, seen over UDP with ECS and in explain.
 */
class PlacementOverDnsTest {
  private static final int NETWORKS = 50;

  @TempDir static Path dir;
  static AyaNode node;

  @BeforeAll
  static void start() throws Exception {
    TestNode.writeZone(dir, "example.test.",
        "$TTL 300",
        "$REGION eu 51.5 -0.1 capacity=100",
        "$REGION us 40.7 -74.0 capacity=1000 cost=1.5",
        "www IN GSLB eu 192.0.2.1",
        "    IN GSLB us 192.0.2.2",
        "$POLICY www geo capacity answers=1 ttl=30",
        "plain IN GSLB eu 192.0.2.1",
        "      IN GSLB us 192.0.2.2",
        "$POLICY plain geo answers=1");
    Path networks = TestNode.write(dir.resolve("networks.txt"),
        "81.2.0.0/16 lat=51.5 lon=-0.1 country=GB continent=EU\n");
    ConfigLoader.Settings s = TestNode.settings(dir.resolve("zones"), dir.resolve("state"));
    s.networks = networks.toString();
    node = AyaNode.start(ConfigLoader.load(null, s, TestNode.noEnv()));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static String network(int i) {
    return "81.2." + i + ".0";
  }

  private static int answeredWithEu(String name) {
    int eu = 0;
    for (int i = 0; i < NETWORKS; i++) {
      List<String> a = TestNode.aFrom(node, name, network(i));
      eu += a.equals(List.of("192.0.2.1")) ? 1 : 0;
    }
    return eu;
  }

  @Test
  void aReportedBreakdownSplitsTheNetworksSoTheSmallRegionStaysWithinItsCapacity() {
    assertThat(answeredWithEu("www.example.test.")).isEqualTo(NETWORKS);

    StringJoiner nets = new StringJoiner(", ");
    for (int i = 0; i < NETWORKS; i++) {
      nets.add("\"" + network(i) + "/24\": 4");
    }
    TestNode.Reply r = TestNode.put(node, "/api/v1/regions/eu/load",
        "{\"load\": 200, \"networks\": {" + nets + "}}", node.adminToken());
    // the plan is made from the reports the cluster shares
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("networks").asInt()).isEqualTo(NETWORKS);

    // the plan keeps 95 of the 200 in eu: 23 whole networks of 4, and one split between eu and us
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(answeredWithEu("www.example.test.")).isBetween(23, 24));

    Message m = TestNode.query(node.dnsAddress(), "www.example.test.", Type.A, network(7));
    OPTRecord opt = m.getOPT();
    ClientSubnetOption ecs = (ClientSubnetOption) opt.getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
    assertThat(ecs.getScopePrefixLength()).as("answers depend on the /24").isEqualTo(24);

    JsonNode p = TestNode.get(node, "/api/v1/explain?name=www.example.test&type=A&client=81.2.7.0/24").json()
        .get("placement");
    assertThat(p.get("planned").asBoolean()).as(p.toString()).isTrue();
    assertThat(p.get("network").asText()).isEqualTo("81.2.7.0/24");
    assertThat(p.get("demandSource").asText()).isEqualTo("REPORTED");
    double sum = 0;
    for (JsonNode f : p.get("split")) {
      sum += f.asDouble();
    }
    assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(p.get("split").has(p.get("region").asText())).isTrue();
    assertThat(p.get("costs").get("us").asDouble()).isGreaterThan(p.get("costs").get("eu").asDouble() + 1.5);
    assertThat(m.getSection(org.xbill.DNS.Section.ANSWER).get(0).rdataToString())
        .isEqualTo(p.get("region").asText().equals("eu") ? "192.0.2.1" : "192.0.2.2");

    // a name without capacity is not planned
    assertThat(answeredWithEu("plain.example.test.")).isEqualTo(NETWORKS);
    JsonNode plain = TestNode.get(node, "/api/v1/explain?name=plain.example.test&type=A&client=81.2.7.0/24").json();
    assertThat(plain.get("placement").isNull()).isTrue();
  }

  @Test
  void loadReportsWithBadNetworksAreRefusedWithAJson400() {
    String token = node.adminToken();
    TestNode.Reply badCidr = TestNode.put(node, "/api/v1/regions/us/load",
        "{\"load\": 10, \"networks\": {\"81.2.69.1/24\": 1}}", token);
    assertThat(badCidr.status()).isEqualTo(400);
    assertThat(badCidr.json().get("error").asText()).contains("81.2.69.1/24").contains("host bits");
    TestNode.Reply notAddress = TestNode.put(node, "/api/v1/regions/us/load",
        "{\"load\": 10, \"networks\": {\"eu-west\": 1}}", token);
    assertThat(notAddress.status()).isEqualTo(400);
    assertThat(notAddress.json().get("error").asText()).contains("eu-west");
    TestNode.Reply negative = TestNode.put(node, "/api/v1/regions/us/load",
        "{\"load\": 10, \"networks\": {\"2001:db8:3::/48\": -3}}", token);
    assertThat(negative.status()).isEqualTo(400);
    assertThat(negative.json().get("error").asText()).contains("2001:db8:3::/48");
    TestNode.Reply notObject = TestNode.put(node, "/api/v1/regions/us/load",
        "{\"load\": 10, \"networks\": [1, 2]}", token);
    assertThat(notObject.status()).isEqualTo(400);
    TestNode.Reply ok = TestNode.put(node, "/api/v1/regions/us/load",
        "{\"load\": 10, \"networks\": {\"2001:db8:3:0::/48\": 3.0}}", token);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.json().get("load").asDouble()).isEqualTo(10.0);
    assertThat(ok.json().get("networks").asInt()).isEqualTo(1);
  }
}
