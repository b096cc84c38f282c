package io.aya.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * L4 forwarding with two nodes in two regions as separate JVMs: n1 forwards for region a on 127.0.0.41,
 * n2 for region b on 127.0.0.42; region a's pool is 127.0.0.21, b's is 127.0.0.31 (TCP backends that
 * write their name). The network map puts 10.1.0.0/16 next to a and 10.2.0.0/16 next to b.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForwardingIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path tmp;
  private final List<AyaProcess> nodes = new ArrayList<>();
  private IdBackend a;
  private IdBackend b;
  private int port;

  /**
   * A TCP backend that writes its name to every connection, then echoes what the client sends until the
   * client's FIN, then closes it.
   */
  static final class IdBackend implements AutoCloseable {
    final ServerSocket socket;

    IdBackend(String host, int port, String name) throws IOException {
      socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port), 200);
      Thread t = new Thread(() -> {
        while (!socket.isClosed()) {
          try {
            Socket c = socket.accept();
            Thread conn = new Thread(() -> {
              try (c; OutputStream out = c.getOutputStream()) {
                out.write(name.getBytes(StandardCharsets.US_ASCII));
                c.getInputStream().transferTo(out);
              } catch (IOException e) {
                // the client went away
              }
            }, "backend-" + name + "-conn");
            conn.setDaemon(true);
            conn.start();
          } catch (IOException e) {
            // closed
          }
        }
      }, "backend-" + name);
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @BeforeAll
  void start() throws Exception {
    port = freePortOn("127.0.0.21", "127.0.0.31", "127.0.0.41", "127.0.0.42");
    a = new IdBackend("127.0.0.21", port, "a");
    b = new IdBackend("127.0.0.31", port, "b");
    Path zones = Files.createDirectories(tmp.resolve("zones"));
    Files.writeString(zones.resolve("fwd.test.zone"), String.join("\n",
        "$ORIGIN fwd.test.",
        "@ 60 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 60 IN NS ns1",
        "ns1 60 IN A 127.0.0.1",
        "$REGION a 50 0",
        "$REGION b 40 -70",
        "$CHECK svc tcp port=" + port + " interval=500ms timeout=400ms rise=1 fall=1",
        "www 5 IN GSLB a 127.0.0.21 check=svc",
        "www 5 IN GSLB b 127.0.0.31 check=svc",
        "$POLICY www geo fallback=none",
        "$FORWARD www tcp:" + port + " lb=round-robin fallback=next-region",
        ""));
    Files.writeString(tmp.resolve("networks.txt"),
        "10.1.0.0/16 lat=50 lon=0 country=GB\n10.2.0.0/16 lat=40 lon=-70 country=US\n");
    int[] clusterPorts = {AyaProcess.freePort(), AyaProcess.freePort()};
    String members = "127.0.0.1:" + clusterPorts[0] + ",127.0.0.1:" + clusterPorts[1];
    String[] regions = {"a", "b"};
    for (int i = 0; i < 2; i++) {
      nodes.add(new AyaProcess("n" + (i + 1), tmp.resolve("n" + (i + 1)), clusterPorts[i], List.of(
          "--zones", zones.toString(), "--networks", tmp.resolve("networks.txt").toString(), "--geo", "",
          "--cluster-members", members, "--region", regions[i], "--forward-address", "127.0.0.4" + (i + 1))));
    }
    for (AyaProcess n : nodes) {
      n.start();
    }
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      for (AyaProcess n : nodes) {
        assertThat(JSON.readTree(n.get("/api/v1/cluster").body()).get("memberCount").asInt()).isEqualTo(2);
      }
    });
  }

  @AfterAll
  void stop() throws IOException {
    for (AyaProcess n : nodes) {
      n.stop();
    }
    a.close();
    b.close();
  }

  private static int freePortOn(String... hosts) throws IOException {
    for (int i = 0; i < 50; i++) {
      int p = AyaProcess.freePort();
      boolean free = true;
      for (String h : hosts) {
        try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getByName(h))) {
          // free here
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return p;
      }
    }
    throw new IOException("no port free on all of " + List.of(hosts));
  }

  /** The A addresses {@code node} answers for www to a client in {@code network}/24 (ECS). */
  private static List<String> answer(AyaProcess node, String network) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString("www.fwd.test."), Type.A, DClass.IN));
    q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName(network)))),
        Section.ADDITIONAL);
    return AyaProcess.addresses(node.resolver().send(q));
  }

  /** Connects to a forward address and returns what the member wrote ("" when refused or reset). */
  private String connect(String forwardAddress) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(forwardAddress, port), 3000);
      s.setSoTimeout(3000);
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return "";
    }
  }

  private JsonNode listener(AyaProcess n) throws IOException {
    return JSON.readTree(n.get("/api/v1/forwarders").body()).get("listeners").get(0);
  }

  @Test
  @Order(1)
  void dnsAnswersTheForwarderOfTheRegionNearestEachEcsClientFromEveryNode() throws Exception {
    for (AyaProcess n : nodes) {
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
        assertThat(answer(n, "10.1.0.0")).containsExactly("127.0.0.41");
        assertThat(answer(n, "10.2.0.0")).containsExactly("127.0.0.42");
      });
    }
    assertThat(connect("127.0.0.41")).isEqualTo("a");
    assertThat(connect("127.0.0.42")).isEqualTo("b");
  }

  @Test
  @Order(2)
  void aDrainedRegionsForwarderTakesNoNewConnectionsWhileAnOpenTransferCompletesIntact() throws Exception {
    AyaProcess n1 = nodes.get(0);
    long total = 8L << 20;
    try (Socket open = new Socket()) {
      open.connect(new InetSocketAddress("127.0.0.41", port), 3000);
      open.setSoTimeout(20_000);
      InputStream in = open.getInputStream();
      assertThat(in.read()).isEqualTo('a');
      java.util.concurrent.CompletableFuture<Long> sent = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          OutputStream out = open.getOutputStream();
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          byte[] buf = new byte[64 * 1024];
          for (long off = 0; off < total; off += buf.length) {
            java.util.Arrays.fill(buf, (byte) (off >>> 16));
            crc.update(buf);
            out.write(buf);
          }
          open.shutdownOutput();
          return crc.getValue();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      byte[] buf = new byte[64 * 1024];
      long got = 0;
      // the transfer is under way (and stalls while this reader waits) when region a is drained
      while (got < total / 8) {
        int n = in.read(buf);
        crc.update(buf, 0, n);
        got += n;
      }
      assertThat(n1.post("/api/v1/regions/a/drain").statusCode()).isEqualTo(200);
      // new connections to region a's forwarder go to region b's pool
      await().atMost(Duration.ofSeconds(10)).until(() -> connect("127.0.0.41").equals("b"));
      assertThat(connect("127.0.0.41")).isEqualTo("b");
      // the open one completes, byte for byte
      for (int n; (n = in.read(buf)) > 0; ) {
        crc.update(buf, 0, n);
        got += n;
      }
      assertThat(got).isEqualTo(total);
      assertThat(crc.getValue()).isEqualTo(sent.get());
    } finally {
      n1.post("/api/v1/regions/a/undrain");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> connect("127.0.0.41").equals("a"));
  }

  @Test
  @Order(3)
  void aClientHoldingRegionAsAnswerIsStillServedWhileAndAfterAsPoolDies() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger failures = new AtomicInteger();
    List<String> served = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread client = new Thread(() -> {
      while (running.get()) {
        String got = connect("127.0.0.41");
        if (got.isEmpty()) {
          failures.incrementAndGet();
        } else {
          served.add(got);
        }
      }
    });
    client.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> served.contains("a"));
      a.close();
      // mid-traffic: every new connection is retried on region b's pool, before and after a is known down
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(listener(nodes.get(0)).get("members").get(0).get("state").asText()).isIn("down", "ejected"));
      int before = served.size();
      await().atMost(Duration.ofSeconds(10)).until(() -> served.size() > before + 20);
    } finally {
      running.set(false);
      client.join();
    }
    assertThat(failures.get()).isZero();
    assertThat(served.get(served.size() - 1)).isEqualTo("b");
    assertThat(listener(nodes.get(0)).get("fallbacksByRegion").get("b").asLong()).isPositive();
    // and DNS stops sending region a's clients to a's forwarder: the policy drops the dead pool
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .untilAsserted(() -> assertThat(answer(nodes.get(1), "10.1.0.0")).containsExactly("127.0.0.42"));
  }

  @Test
  @Order(4)
  void aNodeThatLeavesTheClusterStopsBeingAnswered() throws Exception {
    a = new IdBackend("127.0.0.21", port, "a");
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .untilAsserted(() -> assertThat(answer(nodes.get(0), "10.1.0.0")).containsExactly("127.0.0.41"));
    nodes.get(1).kill();
    // region b has no live forwarder any more: its clients get region a's
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .untilAsserted(() -> assertThat(answer(nodes.get(0), "10.2.0.0")).containsExactly("127.0.0.41"));
  }
}
