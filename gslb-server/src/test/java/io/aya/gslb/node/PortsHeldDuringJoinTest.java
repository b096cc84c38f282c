package io.aya.gslb.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aya.gslb.config.ConfigLoader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DNS and admin ports are bound before the node joins its cluster and held until the real listeners
 * take them: a port clash fails the start before the join, and no other process can take the port during it.
 */
class PortsHeldDuringJoinTest {
  @TempDir Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private ConfigLoader.Settings settings(int dnsPort, int adminPort) throws IOException {
    TestNode.write(dir.resolve("zones/t.test.zone"), "$ORIGIN t.test.\n@ 60 IN SOA ns1 h 1 7200 900 1209600 60\n"
        + "@ 60 IN NS ns1\nns1 60 IN A 192.0.2.53\n");
    ConfigLoader.Settings s = TestNode.settings(dir.resolve("zones"), dir.resolve("state"));
    s.dns = "127.0.0.1:" + dnsPort;
    s.admin = "127.0.0.1:" + adminPort;
    // a member that never answers: the join waits for its connection timeout
    s.clusterMembers = List.of("127.0.0.1:" + freePort());
    return s;
  }

  @Test
  void noOtherProcessCanTakeTheDnsOrAdminPortWhileTheNodeJoinsItsCluster() throws Exception {
    int dnsPort = freePort();
    int adminPort = freePort();
    ConfigLoader.Settings s = settings(dnsPort, adminPort);
    AtomicBoolean started = new AtomicBoolean();
    AtomicBoolean joined = new AtomicBoolean();
    ch.qos.logback.classic.Logger clusterLog =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(io.aya.cluster.ClusterNode.class);
    ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> joinWatch = new ch.qos.logback.core.AppenderBase<>() {
      @Override
      protected void append(ch.qos.logback.classic.spi.ILoggingEvent e) {
        if (e.getFormattedMessage().startsWith("Cluster node n1 started at")) {
          joined.set(true);
        }
      }
    };
    joinWatch.start();
    clusterLog.addAppender(joinWatch);
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger stolen = new AtomicInteger();
    CompletableFuture<AyaNode> node = CompletableFuture.supplyAsync(() -> {
      try {
        return AyaNode.start(ConfigLoader.load(null, s, TestNode.noEnv()));
      } catch (AyaNode.StartupException e) {
        throw new IllegalStateException(e.getMessage(), e);
      } finally {
        started.set(true);
      }
    });
    // a thief that waits until the node listens on both ports (a connection is accepted into the backlog), then
    // keeps trying to bind them until the node has joined its cluster
    while (!started.get() && !(listening(dnsPort) && listening(adminPort))) {
      Thread.onSpinWait();
    }
    while (!joined.get() && !started.get()) {
      for (int port : new int[] {dnsPort, adminPort}) {
        try (ServerSocket thief = new ServerSocket()) {
          thief.bind(new InetSocketAddress("127.0.0.1", port));
          if (!joined.get()) {
            stolen.incrementAndGet();
          }
        } catch (IOException held) {
          refused.incrementAndGet();
        }
      }
      Thread.onSpinWait();
    }
    clusterLog.detachAppender(joinWatch);
    try (AyaNode n = node.get()) {
      assertThat(joined.get()).as("the node joined (formed) its cluster").isTrue();
      assertThat(refused.get()).as("binds refused while the node started").isPositive();
      assertThat(stolen.get()).as("binds that got a port after the node had taken it, before it joined").isZero();
      assertThat(n.dnsAddress().getPort()).isEqualTo(dnsPort);
      assertThat(TestNode.soaSerial(n, "t.test.")).isEqualTo(1);
    }
  }

  private static boolean listening(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void aTakenAdminPortFailsTheStartWithOneSentenceAndLeavesTheDnsPortFree() throws Exception {
    int dnsPort = freePort();
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      ConfigLoader.Settings s = settings(dnsPort, taken.getLocalPort());
      assertThatThrownBy(() -> AyaNode.start(ConfigLoader.load(null, s, TestNode.noEnv())))
          .isInstanceOf(AyaNode.StartupException.class)
          .hasMessage("admin: cannot listen on 127.0.0.1:" + taken.getLocalPort()
              + " TCP: address already in use (another process holds it: stop it or choose another port)");
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      try (ServerSocket again = new ServerSocket()) {
        again.bind(new InetSocketAddress("127.0.0.1", dnsPort));
      }
    });
  }
}
