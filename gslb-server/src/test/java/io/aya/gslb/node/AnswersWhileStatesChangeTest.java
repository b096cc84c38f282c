package io.aya.gslb.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Balanced answers keep flowing while endpoints change state: a real HTTP backend is stopped and started
 * over and over (checks every 100 ms, rise 1, fall 1) and the region is drained and undrained through the
 * API, while one client sends UDP queries back to back, each given one second and no retry.
 */
class AnswersWhileStatesChangeTest {
  @TempDir Path dir;

  @Test
  void noQueryIsLostOrUnansweredWhileEndpointsGoDownAndUpAndRegionsAreDrained() throws Exception {
    int port = HttpBackend.freePortOnBothLoopbacks();
    TestNode.write(dir.resolve("zones/flip.test.zone"), String.join("\n",
        "$ORIGIN flip.test.",
        "@ 300 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        "$REGION r1 50.0 0.0",
        "$REGION r2 40.0 -70.0",
        "$CHECK web http port=" + port + " path=/ interval=100ms timeout=50ms rise=1 fall=1",
        // the backend that stays up must not fail a check on a busy machine: more time, more failures
        "$CHECK steady http port=" + port + " path=/ interval=200ms timeout=200ms rise=1 fall=5",
        "www IN GSLB r1 127.0.0.1 check=web",
        "    IN GSLB r2 127.0.0.2 check=steady",
        "$POLICY www priority=r1,r2 answers=1 fallback=none",
        ""));
    ScheduledExecutorService toggler = Executors.newSingleThreadScheduledExecutor();
    try (HttpBackend web1 = new HttpBackend("127.0.0.1", port).start();
        HttpBackend web2 = new HttpBackend("127.0.0.2", port).start();
        AyaNode node = AyaNode.start(TestNode.config(dir.resolve("zones"), dir.resolve("state")))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        JsonNode steady = TestNode.endpoint(node, "flip.test/steady@127.0.0.2");
        return steady != null && steady.get("lastResult").asText().equals("HTTP 200")
            && TestNode.a(node, "www.flip.test.").equals(List.of("127.0.0.1"));
      });
      AtomicInteger flips = new AtomicInteger();
      toggler.scheduleAtFixedRate(() -> {
        int n = flips.incrementAndGet();
        if (n % 2 == 0) {
          web1.start();
        } else {
          web1.stop();
        }
        if (n % 5 == 0) {
          TestNode.postAuthed(node, "/api/v1/regions/r1/" + (n % 10 == 0 ? "undrain" : "drain"));
        }
      }, 150, 150, TimeUnit.MILLISECONDS);

      Set<String> seen = new HashSet<>();
      List<String> problems = new ArrayList<>();
      int sent = 0;
      try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
        socket.setSoTimeout(1000);
        byte[] buf = new byte[1232];
        // about 3 s: 20 flips of the backend, 4 drains or undrains
        for (int i = 0; flips.get() < 20 && problems.size() < 10; i++, sent++) {
          Message q = Message.newQuery(Record.newRecord(Name.fromString("www.flip.test."), Type.A, DClass.IN));
          q.getHeader().setID(i & 0xffff);
          byte[] wire = q.toWire();
          socket.send(new DatagramPacket(wire, wire.length, node.dnsAddress()));
          Message m = receive(socket, buf, q.getHeader().getID());
          if (m == null) {
            problems.add("query " + i + ": no answer within 1 s");
            continue;
          }
          List<String> addrs = new ArrayList<>();
          for (Record r : m.getSection(Section.ANSWER)) {
            if (r instanceof ARecord a) {
              addrs.add(a.getAddress().getHostAddress());
            }
          }
          if (m.getRcode() != Rcode.NOERROR || addrs.size() != 1
              || !Set.of("127.0.0.1", "127.0.0.2").contains(addrs.get(0))) {
            problems.add("query " + i + ": " + Rcode.string(m.getRcode()) + " " + addrs);
          } else {
            seen.add(addrs.get(0));
          }
        }
      }
      toggler.shutdownNow();
      toggler.awaitTermination(5, TimeUnit.SECONDS);
      assertThat(problems).isEmpty();
      assertThat(sent).as("queries sent").isGreaterThan(100);
      assertThat(seen).as("answers moved between the regions").containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2");
    } finally {
      toggler.shutdownNow();
    }
  }

  /** The reply with {@code id}, skipping late replies to earlier queries; null after the socket timeout. */
  private static Message receive(DatagramSocket socket, byte[] buf, int id) throws IOException {
    while (true) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        return null;
      }
      Message m = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
      if (m.getHeader().getID() == id) {
        return m;
      }
    }
  }
}
