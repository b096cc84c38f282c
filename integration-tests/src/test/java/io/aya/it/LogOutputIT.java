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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * {@code aya serve --log-format json} writes its log as one JSON object per line; {@code --query-log-sample N}
 * logs one answered query in N (static, balanced with its region, NXDOMAIN, REFUSED...) with the client, name,
 * type and RCODE; answers are counted per region and outcome in {@code aya_answers_total}.
 */
class LogOutputIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  private AyaProcess node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.stop();
    }
  }

  private Path zones() throws IOException {
    Path zones = Files.createDirectories(tmp.resolve("zones"));
    Files.writeString(zones.resolve("log.test.zone"), String.join("\n",
        "$ORIGIN log.test.",
        "$TTL 60",
        "@ IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ IN NS ns1",
        "ns1 IN A 192.0.2.53",
        "$REGION eu-west 53.35 -6.26",
        "$REGION us-east 39.04 -77.49",
        "www 30 IN GSLB eu-west 192.0.2.10",
        "www 30 IN GSLB us-east 198.51.100.10",
        "$POLICY www geo fallback=all",
        ""));
    Files.writeString(tmp.resolve("networks.txt"), "127.0.0.0/8 lat=51.51 lon=-0.13 country=GB\n");
    return zones;
  }

  /** The log lines from the first JSON one on, each parsed (a line that is not JSON fails the test). */
  private List<JsonNode> jsonLines() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : node.log().split("\n")) {
      if (out.isEmpty() && !line.startsWith("{")) {
        continue; // before the config was read
      }
      if (!line.isBlank()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  @Test
  void jsonLogsAndASampledQueryLogNameTheRegionEachClientGot() throws Exception {
    node = new AyaProcess("logs", tmp.resolve("node"), AyaProcess.freePort(), List.of("--zones", zones().toString(),
        "--geo", "", "--networks", tmp.resolve("networks.txt").toString(),
        "--log-format", "json", "--query-log-sample", "2")).start();
    for (int i = 0; i < 4; i++) {
      assertThat(AyaProcess.addresses(node.query("www.log.test.", Type.A))).containsExactly("192.0.2.10");
    }

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      List<JsonNode> lines = jsonLines();
      assertThat(lines).anySatisfy(j -> {
        assertThat(j.get("level").asText()).isEqualTo("INFO");
        assertThat(j.get("logger_name").asText()).isEqualTo("io.aya.gslb.node.AyaNode");
        assertThat(j.get("message").asText()).startsWith("AYA node logs serving 1 zone(s)");
        assertThat(j.has("@timestamp")).isTrue();
      });
      List<JsonNode> queries = lines.stream().filter(j -> j.get("logger_name").asText().equals("aya.querylog")).toList();
      assertThat(queries).as("one query in 2 of 4").hasSize(2);
      assertThat(queries.get(0).get("message").asText()).isEqualTo(
          "query client=127.0.0.1 ecs=- transport=udp qname=www.log.test. qtype=A rcode=NOERROR region=eu-west");
    });
    String metrics = node.get("/metrics").body();
    assertThat(metrics).contains(
        "aya_answers_total{node=\"logs\",outcome=\"region\",region=\"eu-west\",zone=\"log.test\"} 4.0");
  }

  @Test
  void sampledOneInOneEveryAnsweredQueryIsLoggedWithItsRcode() throws Exception {
    node = new AyaProcess("every", tmp.resolve("node"), AyaProcess.freePort(), List.of("--zones", zones().toString(),
        "--geo", "", "--networks", tmp.resolve("networks.txt").toString(),
        "--log-format", "json", "--query-log-sample", "1")).start();
    assertThat(node.query("ns1.log.test.", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(node.query("nothere.log.test.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(node.query("www.elsewhere.test.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
    SimpleResolver tcp = node.resolver();
    tcp.setTCP(true);
    Message overTcp = tcp.send(Message.newQuery(Record.newRecord(Name.fromString("www.log.test."), Type.A, DClass.IN)));
    assertThat(AyaProcess.addresses(overTcp)).containsExactly("192.0.2.10");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jsonLines().stream()
        .filter(j -> j.get("logger_name").asText().equals("aya.querylog"))
        .map(j -> j.get("message").asText()).toList()).containsExactly(
            "query client=127.0.0.1 ecs=- transport=udp qname=ns1.log.test. qtype=A rcode=NOERROR region=-",
            "query client=127.0.0.1 ecs=- transport=udp qname=nothere.log.test. qtype=A rcode=NXDOMAIN region=-",
            "query client=127.0.0.1 ecs=- transport=udp qname=www.elsewhere.test. qtype=A rcode=REFUSED region=-",
            "query client=127.0.0.1 ecs=- transport=tcp qname=www.log.test. qtype=A rcode=NOERROR region=eu-west"));
  }

  @Test
  void withoutTheOptionsTheLogIsTextAndNoQueryIsLogged() throws Exception {
    node = new AyaProcess("plain", tmp.resolve("node"), AyaProcess.freePort(), List.of("--zones", zones().toString(),
        "--geo", "", "--networks", tmp.resolve("networks.txt").toString())).start();
    for (int i = 0; i < 3; i++) {
      node.query("www.log.test.", Type.A);
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(node.get("/metrics").body()).contains("outcome=\"region\",region=\"eu-west\",zone=\"log.test\"} 3.0"));
    assertThat(node.log()).contains("INFO  [").contains("AYA node plain serving 1 zone(s)")
        .doesNotContain("\"@timestamp\"").doesNotContain("qname=");
  }
}
