package io.aya.gslb.node;

import static io.aya.gslb.node.TestNode.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aya.gslb.config.ConfigLoader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** {@code GET /api/v1/explain} says whether response rate limiting would limit the client's answer, and why. */
class RrlExplainTest {
  @TempDir Path dir;
  private AyaNode node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private void start(int rate, List<String> exempt) throws Exception {
    TestNode.write(dir.resolve("zones/example.test.zone"), String.join("\n",
        "$ORIGIN example.test.",
        "@ 300 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        "$REGION eu-west 53.35 -6.26",
        "www IN GSLB eu-west 192.0.2.10",
        ""));
    ConfigLoader.Settings s = TestNode.settings(dir.resolve("zones"), dir.resolve("state"));
    s.rrlRate = rate;
    s.rrlExempt = exempt;
    node = AyaNode.start(ConfigLoader.load(null, s, TestNode.noEnv()));
  }

  private JsonNode rateLimit(String client) {
    TestNode.Reply r = get(node, "/api/v1/explain?name=www.example.test&type=A&client=" + client);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("rateLimit");
  }

  @Test
  void anExemptClientIsSaidToBeExemptAndWhichListMadeItSo() throws Exception {
    start(200, List.of("127.0.0.0/8", "::1/128"));
    JsonNode rrl = rateLimit("127.0.0.1");
    assertThat(rrl.get("exempt").asBoolean()).isTrue();
    assertThat(rrl.get("limited").asBoolean()).isFalse();
    assertThat(rrl.get("reason").asText()).contains("rrl-exempt").contains("127.0.0.0/8");
  }

  @Test
  void aQuietClientIsUnderTheRateAndAnEcsSubnetIsExplainedAsItsResolver() throws Exception {
    start(200, List.of());
    JsonNode rrl = rateLimit("198.51.100.7");
    assertThat(rrl.get("exempt").asBoolean()).isFalse();
    assertThat(rrl.get("limited").asBoolean()).isFalse();
    assertThat(rrl.get("network").asText()).isEqualTo("198.51.100.0/24");
    assertThat(rrl.get("rate").asInt()).isEqualTo(200);
    assertThat(rrl.get("responsesThisSecond").asLong()).isZero();
    assertThat(rrl.get("reason").asText()).contains("under rrl-rate 200/s");
    assertThat(rateLimit("198.51.100.0/24").get("reason").asText()).contains("never its ECS subnet");
  }

  @Test
  void aClientOverTheRateIsSaidToBeLimitedWithItsCountAndTheSlip() throws Exception {
    start(5, List.of());
    byte[] query = Message.newQuery(Record.newRecord(Name.fromString("www.example.test."), Type.A, DClass.IN)).toWire();
    AtomicReference<JsonNode> seen = new AtomicReference<>();
    try (DatagramSocket socket = new DatagramSocket()) {
      DatagramPacket packet = new DatagramPacket(query, query.length, node.dnsAddress());
      // ten answers in a burst, then explain: within one second the sixth and later are over the rate of 5
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        for (int i = 0; i < 10; i++) {
          socket.send(packet);
        }
        seen.set(rateLimit("127.0.0.1"));
        return seen.get().get("limited").asBoolean();
      });
    }
    JsonNode rrl = seen.get();
    assertThat(rrl.get("responsesThisSecond").asLong()).isGreaterThanOrEqualTo(5);
    assertThat(rrl.get("network").asText()).isEqualTo("127.0.0.0/24");
    assertThat(rrl.get("slip").asInt()).isEqualTo(2);
    assertThat(rrl.get("reason").asText()).contains("www.example.test./A").contains("at or over rrl-rate 5/s");
  }

  @Test
  void rateLimitingTurnedOffIsSaidSo() throws Exception {
    start(0, List.of());
    JsonNode rrl = rateLimit("198.51.100.7");
    assertThat(rrl.get("limited").asBoolean()).isFalse();
    assertThat(rrl.get("reason").asText()).isEqualTo("rate limiting is off (rrl-rate 0)");
  }
}
