package io.aya.gslb.dns;

import static io.aya.gslb.dns.TestDns.query;
import static io.aya.gslb.dns.TestDns.roundTrip;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.gslb.zone.ZoneSet;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** DNS over TCP per RFC 7766: framing, pipelining, idle timeout, connection limit, broken framing. */
class TcpTransportTest {
  static TestDns.Running dns;

  @BeforeAll
  static void start() {
    dns =
        new TestDns.Running(
            TestDns.config().withTcpIdleTimeout(Duration.ofMillis(500)),
            ZoneSet.of(List.of(TestDns.exampleZone(40))));
  }

  @AfterAll
  static void stop() {
    dns.close();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(dns.address().getAddress(), dns.address().getPort());
    s.setSoTimeout(5000);
    return s;
  }

  @Test
  void pipelinedQueriesAreAllAnsweredInOrder() {
    List<byte[]> queries = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    String[] names = {"www.example.com.", "nothere.example.com.", "big.example.com.", "lb.example.com."};
    for (int i = 0; i < 40; i++) {
      Message q = query(names[i % names.length], i % names.length == 2 ? Type.TXT : Type.A);
      queries.add(q.toWire());
      ids.add(q.getHeader().getID());
    }
    List<Message> replies = TestDns.tcpAll(dns.address(), queries);
    for (int i = 0; i < replies.size(); i++) {
      assertEquals(ids.get(i), replies.get(i).getHeader().getID());
    }
    assertEquals(Rcode.NXDOMAIN, replies.get(1).getRcode());
    assertEquals(40, replies.get(2).getSection(Section.ANSWER).size());
  }

  @Test
  void severalQueriesOneAfterTheOtherOnOneConnection() throws IOException {
    try (Socket s = connect()) {
      for (int i = 0; i < 5; i++) {
        Message q = query("www.example.com.", Type.AAAA);
        Message r = roundTrip(s, q);
        assertEquals(q.getHeader().getID(), r.getHeader().getID());
        assertEquals(1, r.getSection(Section.ANSWER).size());
      }
    }
  }

  @Test
  void queryArrivingInPiecesIsAnswered() throws IOException {
    try (Socket s = connect()) {
      Message q = query("www.example.com.", Type.A);
      byte[] wire = q.toWire();
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.write(wire.length >>> 8);
      out.flush();
      out.write(wire.length & 0xFF);
      out.write(wire, 0, 5);
      out.flush();
      out.write(wire, 5, wire.length - 5);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] r = new byte[in.readUnsignedShort()];
      in.readFully(r);
      assertEquals(q.getHeader().getID(), TestDns.parse(r).getHeader().getID());
    }
  }

  @Test
  void idleConnectionIsClosed() throws IOException {
    try (Socket s = connect()) {
      roundTrip(s, query("www.example.com.", Type.A));
      long start = System.nanoTime();
      assertTrue(TestDns.closedByPeer(s), "closed within the socket timeout");
      assertTrue(System.nanoTime() - start < 4_000_000_000L);
    }
  }

  @Test
  void partialMessageIsClosedByTheIdleTimeoutWhileOthersAreServed() throws IOException {
    try (Socket s = connect()) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(100);
      out.write(new byte[10]);
      out.flush();
      assertEquals(Rcode.NOERROR, TestDns.tcp(dns.address(), query("www.example.com.", Type.A)).getRcode());
      assertTrue(TestDns.closedByPeer(s));
    }
  }

  @Test
  void zeroLengthMessageClosesTheConnection() throws IOException {
    try (Socket s = connect()) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(0);
      out.flush();
      assertTrue(TestDns.closedByPeer(s));
    }
    assertEquals(Rcode.NOERROR, TestDns.tcp(dns.address(), query("www.example.com.", Type.A)).getRcode());
  }

  @Test
  void lengthBeyondWhatIsSentThenHalfCloseEndsCleanly() throws IOException {
    try (Socket s = connect()) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(65535);
      out.write(query("www.example.com.", Type.A).toWire());
      out.flush();
      s.shutdownOutput();
      assertTrue(TestDns.closedByPeer(s));
    }
    assertEquals(Rcode.NOERROR, TestDns.tcp(dns.address(), query("www.example.com.", Type.A)).getRcode());
  }

  @Test
  void garbageMessageOverTcpIsFormerrAndTheConnectionStaysUsable() throws IOException {
    try (Socket s = connect()) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      byte[] junk = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 12, 0, 1, 0, 1};
      out.writeShort(junk.length);
      out.write(junk);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] r = new byte[in.readUnsignedShort()];
      in.readFully(r);
      assertEquals(Rcode.FORMERR, TestDns.parse(r).getHeader().getRcode());
      assertEquals(Rcode.NOERROR, roundTrip(s, query("www.example.com.", Type.A)).getRcode());
    }
  }

  @Test
  void connectionsBeyondTheLimitAreClosed() throws IOException {
    // its own server, so that no connection of another test counts against the limit
    try (TestDns.Running limited =
        new TestDns.Running(TestDns.config().withMaxTcpConnections(3), ZoneSet.of(List.of(TestDns.exampleZone(0))))) {
      List<Socket> open = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Socket s = new Socket(limited.address().getAddress(), limited.address().getPort());
          s.setSoTimeout(5000);
          open.add(s);
          // a round trip proves the server accepted and counts this one
          assertEquals(Rcode.NOERROR, roundTrip(s, query("www.example.com.", Type.A)).getRcode());
        }
        try (Socket extra = new Socket(limited.address().getAddress(), limited.address().getPort())) {
          extra.setSoTimeout(5000);
          assertTrue(TestDns.closedByPeer(extra), "the fourth connection is closed on accept");
        }
        assertEquals(Rcode.NOERROR, roundTrip(open.get(0), query("www.example.com.", Type.A)).getRcode());
        assertEquals(1.0, limited.meters.get("aya.dns.errors").tag("reason", "tcp_limit").counter().count());
      } finally {
        for (Socket s : open) {
          s.close();
        }
      }
      // once they are gone, new connections are served again
      await()
          .atMost(Duration.ofSeconds(5))
          .ignoreExceptions()
          .until(() -> TestDns.tcp(limited.address(), query("www.example.com.", Type.A)).getRcode() == Rcode.NOERROR);
    }
  }
}
