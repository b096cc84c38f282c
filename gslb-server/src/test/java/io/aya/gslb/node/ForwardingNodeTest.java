package io.aya.gslb.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aya.gslb.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with {@code --region a --forward-address 127.0.0.1} serving a {@code $FORWARD}ed name: DNS answers
 * the node's forward address, connections reach region a's pool, fall back to region b's when a is drained,
 * and the admin API and metrics report it. One node for the class (starting one is most of the time): the
 * drain comes last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForwardingNodeTest {
  @TempDir static Path dir;
  private AyaNode node;
  private int port;
  private final List<ServerSocket> backends = new ArrayList<>();

  @BeforeAll
  void startWithMembers() throws IOException {
    port = freePort();
    bind("127.0.0.21", port, 21);
    bind("127.0.0.22", port, 22);
    bind("127.0.0.31", port, 31);
    node = start(port);
  }

  @AfterAll
  void stop() throws IOException {
    if (node != null) {
      node.close();
    }
    for (ServerSocket s : backends) {
      s.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int fetch(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(5000);
      InputStream in = s.getInputStream();
      return in.read();
    }
  }

  /** Members on 127.0.0.21, .22 (region a) and .31 (region b), all on the forwarded port, as the pools say. */
  private AyaNode start(int port) {
    TestNode.writeZone(dir, "example.com.",
        "$REGION a 50 0",
        "$REGION b 40 -70",
        "www 30 IN GSLB a 127.0.0.21 127.0.0.22",
        "www 30 IN GSLB b 127.0.0.31",
        "$POLICY www priority=a,b",
        "$FORWARD www tcp:" + port + " lb=round-robin fallback=next-region");
    ConfigLoader.Settings s = TestNode.settings(dir.resolve("zones"), dir.resolve("state"));
    s.region = "a";
    s.forwardAddress = "127.0.0.1";
    try {
      return AyaNode.start(ConfigLoader.load(null, s, TestNode.noEnv()));
    } catch (AyaNode.StartupException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @Order(1)
  void aForwardedNameIsAnsweredWithTheNodesForwardAddressAndItsConnectionsReachTheRegionsPool() throws Exception {
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .untilAsserted(() -> assertThat(TestNode.a(node, "www.example.com")).containsExactly("127.0.0.1"));
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(fetch(port));
    }
    assertThat(ids).containsExactlyInAnyOrder(21, 21, 22, 22);

    JsonNode f = TestNode.get(node, "/api/v1/forwarders").json();
    assertThat(f.get("region").asText()).isEqualTo("a");
    assertThat(f.get("forwardAddress").asText()).isEqualTo("127.0.0.1");
    JsonNode l = f.get("listeners").get(0);
    assertThat(l.get("name").asText()).isEqualTo("www.example.com.");
    assertThat(l.get("protocol").asText()).isEqualTo("tcp");
    assertThat(l.get("port").asInt()).isEqualTo(port);
    assertThat(l.get("lb").asText()).isEqualTo("round-robin");
    assertThat(l.get("total").asLong()).isEqualTo(4);
    assertThat(l.get("bytesOut").asLong()).isEqualTo(4);
    assertThat(l.get("members")).hasSize(3);
    assertThat(l.get("members").get(0).get("state").asText()).isEqualTo("up");
    await().atMost(Duration.ofSeconds(5)).until(() -> l.get("active").asInt() == 0
        || TestNode.get(node, "/api/v1/forwarders").json().get("listeners").get(0).get("active").asInt() == 0);
    String metrics = TestNode.get(node, "/metrics").body();
    assertThat(metrics).contains("aya_forward_listener_connections_total{listener=\"tcp:" + port + "\"");
    assertThat(metrics).contains("aya_forward_member_connections_total{listener=\"tcp:" + port
        + "\",member=\"127.0.0.21:" + port + "\"");
  }

  @Test
  @Order(2)
  void aDrainedRegionsConnectionsGoToTheNextRegionsPoolAndTheFallbackIsReported() throws Exception {
    assertThat(TestNode.postAuthed(node, "/api/v1/regions/a/drain").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> fetch(port) == 31);
    JsonNode l = TestNode.get(node, "/api/v1/forwarders").json().get("listeners").get(0);
    assertThat(l.get("fallbacks").asLong()).isPositive();
    assertThat(l.get("fallbacksByRegion").get("b").asLong()).isPositive();
    assertThat(l.get("members").get(0).get("state").asText()).isEqualTo("drained");
    assertThat(TestNode.get(node, "/metrics").body()).contains("aya_forward_listener_fallbacks_total");
  }

  private void bind(String host, int port, int id) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(host, port));
    backends.add(s);
    Thread t = new Thread(() -> {
      while (!s.isClosed()) {
        try (Socket c = s.accept(); OutputStream out = c.getOutputStream()) {
          out.write(id);
        } catch (IOException e) {
          // closed
        }
      }
    }, "backend-" + host);
    t.setDaemon(true);
    t.start();
  }
}
