package io.aya.gslb.node;

import static io.aya.gslb.node.TestNode.a;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Active health checks seen over real DNS: one node, two regions whose pools are 127.0.0.1 (r1, preferred)
 * and 127.0.0.2 (r2), real HTTP and TCP backends on both addresses. Each test has its own check, port and
 * balanced name, so the tests share the node without interfering.
 */
class HealthOverDnsTest {
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final int RISE = 2;
  private static final int FALL = 2;
  /** fall × interval (+10 % jitter) + timeout + slack for the view rebuild and scheduling. */
  private static final Duration DOWN_BOUND = INTERVAL.multipliedBy(FALL).multipliedBy(11).dividedBy(10)
      .plus(TIMEOUT).plus(Duration.ofMillis(1500));
  private static final Duration UP_BOUND = INTERVAL.multipliedBy(RISE).multipliedBy(11).dividedBy(10)
      .plus(TIMEOUT).plus(Duration.ofMillis(1500));

  @TempDir static Path dir;
  static AyaNode node;
  static HttpBackend web1;
  static HttpBackend web2;
  static HttpBackend flap1;
  static HttpBackend flap2;
  static HttpBackend tcp1;
  static HttpBackend tcp2;

  @BeforeAll
  static void start() throws Exception {
    int webPort = HttpBackend.freePortOnBothLoopbacks();
    int flapPort = HttpBackend.freePortOnBothLoopbacks();
    int tcpPort = HttpBackend.freePortOnBothLoopbacks();
    web1 = new HttpBackend("127.0.0.1", webPort).start();
    web2 = new HttpBackend("127.0.0.2", webPort).start();
    flap1 = new HttpBackend("127.0.0.1", flapPort).flapping().start();
    flap2 = new HttpBackend("127.0.0.2", flapPort).start();
    tcp1 = new HttpBackend("127.0.0.1", tcpPort).start();
    tcp2 = new HttpBackend("127.0.0.2", tcpPort).start();
    String timing = " interval=1s timeout=500ms rise=" + RISE + " fall=" + FALL;
    TestNode.write(dir.resolve("zones/example.test.zone"), String.join("\n",
        "$ORIGIN example.test.",
        "$TTL 300",
        "@ IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ IN NS ns1",
        "ns1 IN A 192.0.2.53",
        "$REGION r1 50.0 0.0",
        "$REGION r2 40.0 -70.0",
        "$CHECK web http port=" + webPort + " path=/health" + timing,
        "$CHECK flap http port=" + flapPort + " path=/health" + timing,
        "$CHECK db tcp port=" + tcpPort + timing,
        "www IN GSLB r1 127.0.0.1 check=web",
        "    IN GSLB r2 127.0.0.2 check=web",
        "$POLICY www priority=r1,r2 answers=1 fallback=none",
        "flap IN GSLB r1 127.0.0.1 check=flap",
        "     IN GSLB r2 127.0.0.2 check=flap",
        "$POLICY flap priority=r1,r2 answers=1 fallback=none",
        "db IN GSLB r1 127.0.0.1 check=db",
        "   IN GSLB r2 127.0.0.2 check=db",
        "$POLICY db priority=r1,r2 answers=1 fallback=none",
        ""));
    node = AyaNode.start(TestNode.config(dir.resolve("zones"), dir.resolve("state")));
    // every endpoint has a first result before the tests look at answers
    TestNode.awaitChecked(node, "example.test/web@127.0.0.1", "example.test/web@127.0.0.2",
        "example.test/flap@127.0.0.1", "example.test/db@127.0.0.1", "example.test/db@127.0.0.2");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    for (HttpBackend b : new HttpBackend[] {web1, web2, flap1, flap2, tcp1, tcp2}) {
      if (b != null) {
        b.close();
      }
    }
  }

  @Test
  void stoppedHttpBackendLosesItsAnswersWithinTheFallBoundAndRegainsThemAfterRiseSuccesses() {
    assertThat(a(node, "www.example.test.")).containsExactly("127.0.0.1");

    web1.stop();
    await().atMost(DOWN_BOUND).pollInterval(Duration.ofMillis(50))
        .until(() -> a(node, "www.example.test."), List.of("127.0.0.2")::equals);
    JsonNode down = TestNode.endpoint(node, "example.test/web@127.0.0.1");
    assertThat(down.get("up").asBoolean()).isFalse();
    assertThat(down.get("lastResult").asText()).isNotEmpty();

    int before = web1.requests();
    web1.start();
    await().atMost(UP_BOUND).pollInterval(Duration.ofMillis(50))
        .until(() -> a(node, "www.example.test."), List.of("127.0.0.1")::equals);
    assertThat(web1.requests() - before).as("successful checks before the answer came back").isGreaterThanOrEqualTo(RISE);
  }

  @Test
  void flappingBackendDoesNotFlipTheAnswerOnEveryCheck() {
    int before = flap1.requests();
    await().during(Duration.ofMillis(5500)).atMost(Duration.ofSeconds(7)).pollInterval(Duration.ofMillis(100))
        .until(() -> a(node, "flap.example.test."), List.of("127.0.0.1")::equals);
    // at least two failures (every second response is 500) were seen while the answer held still
    assertThat(flap1.requests() - before).isGreaterThanOrEqualTo(4);
    JsonNode e = TestNode.endpoint(node, "example.test/flap@127.0.0.1");
    assertThat(e.get("up").asBoolean()).isTrue();
  }

  @Test
  void tcpCheckMovesAnswersWhenTheListenerStopsAndBackWhenItReturns() {
    assertThat(a(node, "db.example.test.")).containsExactly("127.0.0.1");

    tcp1.stop();
    await().atMost(DOWN_BOUND).pollInterval(Duration.ofMillis(50))
        .until(() -> a(node, "db.example.test."), List.of("127.0.0.2")::equals);
    assertThat(TestNode.endpoint(node, "example.test/db@127.0.0.1").get("lastResult").asText())
        .containsIgnoringCase("refused");

    tcp1.start();
    await().atMost(UP_BOUND).pollInterval(Duration.ofMillis(50))
        .until(() -> a(node, "db.example.test."), List.of("127.0.0.1")::equals);
  }
}
