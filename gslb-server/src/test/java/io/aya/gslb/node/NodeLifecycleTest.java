package io.aya.gslb.node;

import static io.aya.gslb.node.TestNode.a;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aya.gslb.config.ConfigLoader;
import io.aya.gslb.config.ServerConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, stopping and restarting nodes: state across restarts, the admin token, startup failures. */
class NodeLifecycleTest {
  @TempDir Path dir;
  Path zones;
  Path state;

  @BeforeEach
  void zones() {
    zones = dir.resolve("zones");
    state = dir.resolve("state");
    TestNode.write(zones.resolve("example.test.zone"), String.join("\n",
        "$ORIGIN example.test.",
        "@ 300 IN SOA ns1 hostmaster 7 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        "$REGION eu-west 53.35 -6.26",
        "$REGION us-east 39.04 -77.49",
        "www IN GSLB eu-west 192.0.2.10",
        "    IN GSLB us-east 192.0.2.20",
        "$POLICY www priority=eu-west,us-east answers=1 fallback=none",
        ""));
  }

  @Test
  void drainSurvivesARestartWithTheSameStateDirectory() throws Exception {
    ServerConfig config = TestNode.config(zones, state);
    try (AyaNode first = AyaNode.start(config)) {
      assertThat(a(first, "www.example.test.")).containsExactly("192.0.2.10");
      assertThat(TestNode.postAuthed(first, "/api/v1/regions/eu-west/drain").status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(5)).until(() -> a(first, "www.example.test."), List.of("192.0.2.20")::equals);
    }
    try (AyaNode second = AyaNode.start(TestNode.config(zones, state))) {
      assertThat(a(second, "www.example.test.")).containsExactly("192.0.2.20");
      assertThat(TestNode.region(second, "eu-west").get("drained").asBoolean()).isTrue();
      assertThat(TestNode.region(second, "us-east").get("drained").asBoolean()).isFalse();
    }
  }

  /** A zone whose eu-west pool is one TCP-checked endpoint on 127.0.0.1:{@code port}; us-east is static. */
  private Path checkedZone(int port, String interval) {
    Path dirOfZones = dir.resolve("checked-zones");
    TestNode.write(dirOfZones.resolve("chk.test.zone"), String.join("\n",
        "$ORIGIN chk.test.",
        "@ 300 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        "$REGION eu-west 53.35 -6.26",
        "$REGION us-east 39.04 -77.49",
        "$CHECK db tcp port=" + port + " interval=" + interval + " timeout=100ms rise=1 fall=1",
        "www IN GSLB eu-west 127.0.0.1 check=db",
        "    IN GSLB us-east 192.0.2.20",
        "$POLICY www priority=eu-west,us-east answers=1 fallback=none",
        ""));
    return dirOfZones;
  }

  @Test
  void anEndpointSeenDownBeforeARestartIsNotAnsweredAfterItEvenBeforeItsFirstCheck() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = free.getLocalPort();
    }
    String key = "chk.test/db@127.0.0.1";
    try (AyaNode first = AyaNode.start(TestNode.config(checkedZone(port, "200ms"), state))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> a(first, "www.chk.test."), List.of("192.0.2.20")::equals);
    }
    // after the restart the first check comes at a random point of the next hour: until then only what the
    // node persisted before the restart can keep the dead endpoint out of the answers
    try (AyaNode second = AyaNode.start(TestNode.config(checkedZone(port, "1h"), state))) {
      assertThat(a(second, "www.chk.test.")).containsExactly("192.0.2.20");
      assertThat(TestNode.endpoint(second, key).get("up").asBoolean()).isFalse();
      assertThat(TestNode.endpoint(second, key).get("reason").asText()).contains("before the restart");
    }
    // once the endpoint is seen up again, a restart assumes it up as usual (the record of it being down is gone)
    try (ServerSocket listening = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
      try (AyaNode third = AyaNode.start(TestNode.config(checkedZone(port, "200ms"), state))) {
        await().atMost(Duration.ofSeconds(5)).until(() -> a(third, "www.chk.test."), List.of("127.0.0.1")::equals);
      }
      try (AyaNode fourth = AyaNode.start(TestNode.config(checkedZone(port, "1h"), state))) {
        assertThat(a(fourth, "www.chk.test.")).containsExactly("127.0.0.1");
        assertThat(TestNode.endpoint(fourth, key).get("reason").asText()).contains("assumed up");
      }
    }
  }

  @Test
  void withoutAConfiguredTokenOneIsGeneratedIntoTheStateDirWithMode0600AndKeptAcrossRestarts() throws Exception {
    String token;
    try (AyaNode node = AyaNode.start(TestNode.config(zones, state))) {
      token = node.adminToken();
      Path file = state.resolve("admin-token");
      assertThat(file).exists();
      assertThat(Files.readString(file).trim()).isEqualTo(token);
      assertThat(token).hasSizeGreaterThanOrEqualTo(32);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      assertThat(TestNode.post(node, "/api/v1/zones/reload", token).status()).isEqualTo(200);
    }
    try (AyaNode again = AyaNode.start(TestNode.config(zones, state))) {
      assertThat(again.adminToken()).isEqualTo(token);
    }
  }

  @Test
  void tokenFromTheEnvironmentIsUsedAndNothingIsGenerated() throws Exception {
    ServerConfig config = ConfigLoader.load(null, TestNode.settings(zones, state),
        Map.of("AYA_ADMIN_TOKEN", "env-secret-123-4567")::get);
    try (AyaNode node = AyaNode.start(config)) {
      assertThat(node.adminToken()).isEqualTo("env-secret-123-4567");
      assertThat(TestNode.post(node, "/api/v1/zones/reload", "env-secret-123-4567").status()).isEqualTo(200);
      assertThat(TestNode.post(node, "/api/v1/zones/reload", "other").status()).isEqualTo(401);
      assertThat(state.resolve("admin-token")).doesNotExist();
    }
  }

  @Test
  void tokenFileWinsOverTheEnvironment() throws Exception {
    Path tokenFile = TestNode.write(dir.resolve("token.txt"), "file-secret-456-789\n");
    ConfigLoader.Settings s = TestNode.settings(zones, state);
    s.adminTokenFile = tokenFile.toString();
    ServerConfig config = ConfigLoader.load(null, s, Map.of("AYA_ADMIN_TOKEN", "env-secret-123-4567")::get);
    try (AyaNode node = AyaNode.start(config)) {
      assertThat(node.adminToken()).isEqualTo("file-secret-456-789");
      assertThat(TestNode.post(node, "/api/v1/zones/reload", "file-secret-456-789").status()).isEqualTo(200);
      assertThat(TestNode.post(node, "/api/v1/zones/reload", "env-secret-123-4567").status()).isEqualTo(401);
    }
  }

  @Test
  void brokenZoneFailsStartupWithFileLineMessage() {
    Path bad = TestNode.write(zones.resolve("bad.test.zone"), String.join("\n",
        "$ORIGIN bad.test.",
        "@ 300 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "www IN GSLB nowhere 192.0.2.1",
        ""));
    assertThatThrownBy(() -> AyaNode.start(TestNode.config(zones, state)))
        .isInstanceOf(AyaNode.StartupException.class)
        .hasMessageContaining(bad + ":4: ")
        .hasMessageContaining("nowhere");
  }

  @Test
  void dnsPortInUseFailsStartupNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      ConfigLoader.Settings s = TestNode.settings(zones, state);
      s.dns = "127.0.0.1:" + taken.getLocalPort();
      ServerConfig config = ConfigLoader.load(null, s, TestNode.noEnv());
      assertThatThrownBy(() -> AyaNode.start(config))
          .isInstanceOf(AyaNode.StartupException.class)
          .hasMessageContaining("dns")
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void adminPortInUseFailsStartupNamingTheAddressAndReleasesTheDnsPort() throws Exception {
    int dnsPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      dnsPort = probe.getLocalPort();
    }
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      ConfigLoader.Settings s = TestNode.settings(zones, state);
      s.dns = "127.0.0.1:" + dnsPort;
      s.admin = "127.0.0.1:" + taken.getLocalPort();
      ServerConfig config = ConfigLoader.load(null, s, TestNode.noEnv());
      assertThatThrownBy(() -> AyaNode.start(config))
          .isInstanceOf(AyaNode.StartupException.class)
          .hasMessageContaining("admin")
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
    }
    // nothing is left running: the DNS listener that had started is closed again
    try (ServerSocket again = new ServerSocket(dnsPort, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(again.getLocalPort()).isEqualTo(dnsPort);
    }
  }
}
