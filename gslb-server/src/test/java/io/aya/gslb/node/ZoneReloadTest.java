package io.aya.gslb.node;

import static io.aya.gslb.node.TestNode.a;
import static io.aya.gslb.node.TestNode.postAuthed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v1/zones/reload} on a live node: broken files keep the old zone, fixed ones go live. */
class ZoneReloadTest {
  private static final AtomicLong SERIAL = new AtomicLong(100);

  @TempDir static Path dir;
  static Path zoneFile;
  static AyaNode node;
  static HttpBackend web1;
  static HttpBackend web2;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    port = HttpBackend.freePortOnBothLoopbacks();
    web1 = new HttpBackend("127.0.0.1", port).start();
    web2 = new HttpBackend("127.0.0.2", port).start();
    zoneFile = dir.resolve("zones/example.test.zone");
    TestNode.write(zoneFile, zone(SERIAL.incrementAndGet(), "www IN GSLB r1 127.0.0.1 check=web"));
    node = AyaNode.start(TestNode.config(dir.resolve("zones"), dir.resolve("state")));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    web1.close();
    web2.close();
  }

  /** A zone whose line 7 is {@code line7} (keep it so: the tests name the line in errors). */
  static String zone(long serial, String line7) {
    return String.join("\n",
        "$ORIGIN example.test.",
        "@ 300 IN SOA ns1 hostmaster " + serial + " 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        "$REGION r1 50.0 0.0",
        "$CHECK web http port=" + port + " path=/health interval=1s timeout=500ms rise=1 fall=1",
        line7,
        "$POLICY www answers=2 fallback=none",
        "");
  }

  @Test
  void brokenZoneFileIs422WithFileLineMessageAndTheOldZoneKeepsAnswering() {
    long served = TestNode.soaSerial(node, "example.test.");
    List<String> answer = a(node, "www.example.test.");
    assertThat(answer).isNotEmpty();

    TestNode.write(zoneFile, zone(SERIAL.incrementAndGet(), "www IN GSLB nowhere 127.0.0.1 check=web"));
    TestNode.Reply r = postAuthed(node, "/api/v1/zones/reload");
    assertThat(r.status()).isEqualTo(422);
    JsonNode j = r.json();
    assertThat(j.get("status").asInt()).isEqualTo(422);
    assertThat(j.get("ok").asBoolean()).isFalse();
    assertThat(j.get("error").asText()).contains(zoneFile + ":7: ").contains("nowhere");
    JsonNode file = j.get("files").get(0);
    assertThat(file.get("status").asText()).isEqualTo("failed");
    assertThat(file.get("origin").asText()).as("the previous version keeps serving").isEqualTo("example.test.");
    assertThat(file.get("errors").get(0).asText()).startsWith(zoneFile + ":7: ");

    assertThat(TestNode.soaSerial(node, "example.test.")).isEqualTo(served);
    assertThat(a(node, "www.example.test.")).isEqualTo(answer);

    long fixed = SERIAL.incrementAndGet();
    TestNode.write(zoneFile, zone(fixed, "www IN GSLB r1 127.0.0.1 check=web"));
    TestNode.Reply ok = postAuthed(node, "/api/v1/zones/reload");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().get("ok").asBoolean()).isTrue();
    assertThat(ok.json().get("changed").asBoolean()).isTrue();
    assertThat(ok.json().get("files").get(0).get("status").asText()).isEqualTo("loaded");
    assertThat(TestNode.soaSerial(node, "example.test.")).isEqualTo(fixed);
    assertThat(TestNode.get(node, "/api/v1/zones").json().get("zones").get(0).get("serial").asLong()).isEqualTo(fixed);
  }

  @Test
  void endpointAddedByAReloadIsCheckedAndAnswered() {
    String key = "example.test/web@127.0.0.2";
    assertThat(TestNode.endpoint(node, key)).isNull();
    int before = web2.requests();

    TestNode.write(zoneFile, zone(SERIAL.incrementAndGet(), "www IN GSLB r1 127.0.0.1 127.0.0.2 check=web"));
    assertThat(postAuthed(node, "/api/v1/zones/reload").status()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      JsonNode e = TestNode.endpoint(node, key);
      assertThat(e).isNotNull();
      assertThat(e.get("lastResultMillis").isNull()).as("checked").isFalse();
      assertThat(e.get("observations").get("n1").get("up").asBoolean()).isTrue();
    });
    assertThat(web2.requests()).isGreaterThan(before);
    assertThat(a(node, "www.example.test.")).containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2");
  }

  @Test
  void reloadWithoutChangesIsOkAndUnchanged() {
    TestNode.Reply r = postAuthed(node, "/api/v1/zones/reload");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("changed").asBoolean()).isFalse();
    assertThat(r.json().get("files").get(0).get("status").asText()).isEqualTo("unchanged");
  }
}
