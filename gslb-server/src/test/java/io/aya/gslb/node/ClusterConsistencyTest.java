package io.aya.gslb.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.aya.gslb.config.ConfigLoader;
import io.aya.gslb.health.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Two real nodes (embedded Hazelcast members on loopback) in one cluster: a reload on every member from one
 * request, each member's zone serials and a flag when they differ, one admin token for the cluster. The nodes
 * read a test clock, moved past the grace instead of waiting it out.
 */
class ClusterConsistencyTest {
  @TempDir Path dir;
  private final String clusterName = "test-" + UUID.randomUUID();
  private final TestClock clock = TestClock.startingNow();
  private final List<AyaNode> nodes = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ClusterConsistency.class);

  @BeforeEach
  void capture() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void stop() throws Exception {
    logger.detachAppender(logged);
    TestNode.closeAll(nodes);
  }

  private static String zone(long serial) {
    return "$ORIGIN t.test.\n@ 60 IN SOA ns1 h " + serial + " 7200 900 1209600 60\n@ 60 IN NS ns1\nns1 60 IN A 192.0.2.53\n";
  }

  private ConfigLoader.Settings settings(String name, long serial) {
    TestNode.write(dir.resolve(name + "/zones/t.test.zone"), zone(serial));
    ConfigLoader.Settings s = TestNode.settings(dir.resolve(name + "/zones"), dir.resolve(name + "/state"));
    s.node = name;
    s.clusterName = clusterName;
    return s;
  }

  private AyaNode start(ConfigLoader.Settings s) throws Exception {
    if (!nodes.isEmpty()) {
      s.clusterMembers = List.of(nodeAddress(nodes.get(0)));
    }
    AyaNode n = AyaNode.start(ConfigLoader.load(null, s, TestNode.noEnv()), clock);
    nodes.add(n);
    return n;
  }

  private static String nodeAddress(AyaNode n) {
    return TestNode.get(n, "/api/v1/cluster").json().get("address").asText();
  }

  private void joined() {
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream()
        .allMatch(n -> TestNode.get(n, "/healthz").json().get("clusterMembers").asInt() == nodes.size()));
  }

  private static JsonNode member(AyaNode n, String name) {
    for (JsonNode m : TestNode.get(n, "/api/v1/cluster").json().get("members")) {
      if (m.get("node").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no member " + name);
  }

  private Path secretFile() throws Exception {
    Path f = dir.resolve("cluster-secret");
    if (!Files.exists(f)) {
      Files.writeString(f, "correct horse battery staple 0123456789\n");
    }
    return f;
  }

  @Test
  void aClusterReloadReloadsEveryMemberAndReportsTheSerialEachServes() throws Exception {
    AyaNode a = start(settings("a", 1));
    AyaNode b = start(settings("b", 1));
    joined();
    Files.writeString(dir.resolve("a/zones/t.test.zone"), zone(2));
    Files.writeString(dir.resolve("b/zones/t.test.zone"), zone(2));

    TestNode.Reply r = TestNode.post(a, "/api/v1/zones/reload?cluster=true", a.adminToken());

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode j = r.json();
    assertThat(j.get("ok").asBoolean()).isTrue();
    assertThat(j.get("members").asInt()).isEqualTo(2);
    assertThat(j.get("results")).extracting(m -> m.get("node").asText()).containsExactly("a", "b");
    for (JsonNode m : j.get("results")) {
      assertThat(m.get("ok").asBoolean()).isTrue();
      assertThat(m.get("serials").get("t.test.").asLong()).isEqualTo(2);
      assertThat(m.get("reload").get("files").get(0).get("status").asText()).isEqualTo("loaded");
    }
    assertThat(TestNode.soaSerial(b, "t.test.")).isEqualTo(2);
  }

  @Test
  void aMemberWhoseFileFailsMakesTheClusterReload422AndNamesTheMemberAndTheFile() throws Exception {
    AyaNode a = start(settings("a", 1));
    AyaNode b = start(settings("b", 1));
    joined();
    Files.writeString(dir.resolve("a/zones/t.test.zone"), zone(3));
    Files.writeString(dir.resolve("b/zones/t.test.zone"), zone(3) + "www 60 IN A not-an-address\n");

    TestNode.Reply r = TestNode.post(b, "/api/v1/zones/reload?cluster=true", b.adminToken());

    assertThat(r.status()).as(r.body()).isEqualTo(422);
    JsonNode j = r.json();
    assertThat(j.get("ok").asBoolean()).isFalse();
    assertThat(j.get("error").asText()).contains("b: ").contains("t.test.zone:5");
    JsonNode onA = j.get("results").get(0);
    assertThat(onA.get("ok").asBoolean()).isTrue();
    assertThat(onA.get("serials").get("t.test.").asLong()).isEqualTo(3);
    JsonNode onB = j.get("results").get(1);
    assertThat(onB.get("ok").asBoolean()).isFalse();
    assertThat(onB.get("serials").get("t.test.").asLong()).as("the old zone keeps serving").isEqualTo(1);
    assertThat(TestNode.soaSerial(b, "t.test.")).isEqualTo(1);
    assertThat(TestNode.post(b, "/api/v1/zones/reload?cluster=maybe", b.adminToken()).status()).isEqualTo(400);
  }

  @Test
  void membersServingDifferentSerialsAreShownFlaggedCountedAndWarnedAboutAfterTheGrace() throws Exception {
    AyaNode a = start(settings("a", 7));
    AyaNode b = start(settings("b", 8));
    joined();
    // a has seen both serials, so it knows since when they differ; then the grace passes on its clock
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
        member(a, "a").at("/zoneSerials/t.test.").asLong() == 7
            && member(a, "b").at("/zoneSerials/t.test.").asLong() == 8);
    clock.advance(ClusterConsistency.GRACE);

    await().atMost(Duration.ofSeconds(30)).until(() ->
        TestNode.get(a, "/api/v1/cluster").json().get("zoneSerialsDiffer").toString().equals("[\"t.test.\"]"));
    assertThat(member(a, "a").get("zoneSerials").get("t.test.").asLong()).isEqualTo(7);
    assertThat(member(a, "b").get("zoneSerials").get("t.test.").asLong()).isEqualTo(8);
    String metrics = TestNode.get(a, "/metrics").body();
    assertThat(metrics).contains("aya_cluster_zone_serial{member=\"b\",node=\"a\",zone=\"t.test.\"} 8.0")
        .contains("aya_cluster_zone_serials_differ{node=\"a\"} 1.0");
    assertThat(logged.list).anySatisfy(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).contains("different serials of zone t.test.").contains("a=7").contains("b=8");
    });

    Files.writeString(dir.resolve("b/zones/t.test.zone"), zone(7));
    assertThat(TestNode.post(b, "/api/v1/zones/reload", b.adminToken()).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        TestNode.get(a, "/api/v1/cluster").json().get("zoneSerialsDiffer").isEmpty());
  }

  @Test
  void membersWithOneClusterSecretDeriveOneAdminTokenThatEveryMemberAccepts() throws Exception {
    ConfigLoader.Settings sa = settings("a", 1);
    sa.clusterSecretFile = secretFile().toString();
    ConfigLoader.Settings sb = settings("b", 1);
    sb.clusterSecretFile = secretFile().toString();
    AyaNode a = start(sa);
    AyaNode b = start(sb);
    joined();

    assertThat(a.adminToken()).isEqualTo(b.adminToken()).hasSize(48);
    assertThat(Files.readString(dir.resolve("b/state/admin-token")).trim()).isEqualTo(a.adminToken());
    assertThat(TestNode.post(b, "/api/v1/zones/reload", a.adminToken()).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> member(a, "b").get("adminTokenMatches").asBoolean());
    assertThat(TestNode.get(a, "/api/v1/cluster").json().get("adminTokenShared").asBoolean()).isTrue();
  }

  @Test
  void aMemberWithAnotherAdminTokenIsFlaggedAndWarnedAbout() throws Exception {
    AyaNode a = start(settings("a", 1));
    start(settings("b", 1));
    joined();

    await().atMost(Duration.ofSeconds(10)).until(() -> member(a, "b").get("adminTokenMatches").isBoolean());
    assertThat(member(a, "b").get("adminTokenMatches").asBoolean()).isFalse();
    assertThat(member(a, "a").get("adminTokenMatches").asBoolean()).isTrue();
    assertThat(TestNode.get(a, "/api/v1/cluster").json().get("adminTokenShared").asBoolean()).isFalse();
    assertThat(logged.list).anySatisfy(e ->
        assertThat(e.getFormattedMessage()).contains("member b has another admin API token than this node"));
  }
}
