package io.aya.gslb.dns;

import static io.aya.gslb.dns.TestDns.query;
import static io.aya.gslb.dns.TestDns.roundTrip;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.gslb.zone.ZoneSet;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * DNS over TCP cannot be starved: slow (slowloris) and idle connections, many of them from many networks, do
 * not lock a new client out, and one network cannot take every slot. Clients come from distinct loopback
 * addresses (127.0.N.M) so that they belong to distinct /24 networks.
 */
class TcpStarvationTest {
  private final List<Socket> sockets = new ArrayList<>();
  private TestDns.Running dns;

  @AfterEach
  void closeAll() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (dns != null) {
      dns.close();
    }
  }

  private TestDns.Running start(DnsConfig config) {
    dns = new TestDns.Running(config, ZoneSet.of(List.of(TestDns.exampleZone(0))));
    return dns;
  }

  /** A connection from {@code 127.0.net.host}: network {@code net} is its own /24. */
  private Socket connectFrom(int net, int host) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, (byte) net, (byte) host}), 0));
    s.connect(dns.address(), 5000);
    s.setSoTimeout(5000);
    return s;
  }

  private double errors(String reason) {
    return dns.meters.get("aya.dns.errors").tag("reason", reason).counter().count();
  }

  private void newClientIsAnswered() throws IOException {
    Socket fresh = connectFrom(250, 1);
    Message q = query("www.example.com.", Type.A);
    Message r = roundTrip(fresh, q);
    assertEquals(q.getHeader().getID(), r.getHeader().getID());
    assertEquals(Rcode.NOERROR, r.getRcode());
  }

  @Test
  void messageTrickledByteByByteIsCutAtTheFrameDeadlineThoughEveryByteResetsTheIdleTimer() throws IOException {
    start(TestDns.config().withTcpIdleTimeout(Duration.ofSeconds(30)).withTcpFrameTimeout(Duration.ofMillis(800)));
    Socket slow = connectFrom(1, 1);
    OutputStream out = slow.getOutputStream();
    out.write(new byte[] {0, 40});
    out.flush();
    long start = System.nanoTime();
    // one byte every 200 ms keeps the connection far from idle; the message is still never finished in time
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> {
          try {
            out.write(1);
            out.flush();
            return false;
          } catch (IOException e) {
            return true;
          }
        });
    assertTrue(System.nanoTime() - start < 4_000_000_000L, "cut at the 0.8 s frame deadline, long before 30 s idle");
    assertEquals(1.0, errors("tcp_frame_timeout"));
  }

  @Test
  void wholeMessagesSentSlowlyButEachWithinTheDeadlineKeepTheConnection() throws IOException {
    start(TestDns.config().withTcpFrameTimeout(Duration.ofMillis(800)));
    Socket s = connectFrom(1, 2);
    for (int i = 0; i < 3; i++) {
      assertEquals(Rcode.NOERROR, roundTrip(s, query("www.example.com.", Type.A)).getRcode());
      await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    }
    assertEquals(Rcode.NOERROR, roundTrip(s, query("www.example.com.", Type.A)).getRcode());
    assertEquals(0.0, errors("tcp_frame_timeout"));
  }

  @Test
  void aThousandSlowConnectionsDoNotLockANewClientOutAndAreAllCut() throws IOException {
    start(TestDns.config().withTcpFrameTimeout(Duration.ofSeconds(2)));
    assertEquals(1024, TestDns.config().maxTcpConnections(), "the default connection limit");
    for (int i = 0; i < 1024; i++) {
      Socket s = connectFrom(1 + i / 8, 1 + i % 8);
      // a length and one byte of a 60-byte message: the slowloris opening
      s.getOutputStream().write(new byte[] {0, 60, 7});
      s.getOutputStream().flush();
    }
    newClientIsAnswered();
    // every slow one is closed by its frame deadline (or was evicted to make room)
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> errors("tcp_frame_timeout") + errors("tcp_evicted") >= 1024);
    newClientIsAnswered();
  }

  @Test
  void twoThousandIdleConnectionsDoNotLockANewClientOut() throws IOException {
    start(TestDns.config().withTcpIdleTimeout(Duration.ofSeconds(60)));
    for (int i = 0; i < 2000; i++) {
      connectFrom(1 + i / 8, 1 + i % 8);
    }
    // the oldest idle connections made room for the newer ones
    await().atMost(Duration.ofSeconds(10)).until(() -> errors("tcp_evicted") >= 2000 - 1024);
    newClientIsAnswered();
    assertTrue(TestDns.closedByPeer(sockets.get(0)), "the oldest idle connection was closed");
    assertEquals(0.0, errors("tcp_limit"));
  }

  @Test
  void oneNetworkCannotTakeMoreThanItsShareOfConnections() throws IOException {
    start(TestDns.config().withMaxTcpPerNetwork(4));
    List<Socket> own = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Socket s = connectFrom(9, 1 + i);
      assertEquals(Rcode.NOERROR, roundTrip(s, query("www.example.com.", Type.A)).getRcode());
      own.add(s);
    }
    Socket fifth = connectFrom(9, 200);
    assertTrue(TestDns.closedByPeer(fifth), "a fifth connection from 127.0.9.0/24 is closed on accept");
    assertEquals(1.0, errors("tcp_limit"));
    newClientIsAnswered();
    for (Socket s : own) {
      assertEquals(Rcode.NOERROR, roundTrip(s, query("www.example.com.", Type.A)).getRcode());
    }
  }
}
