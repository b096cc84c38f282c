package io.aya.gslb.dns;

import static io.aya.gslb.dns.TestDns.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.gslb.zone.ZoneSet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Starting, binding and stopping the listeners. */
class DnsServerTest {
  private static final ZoneSet ZONES = ZoneSet.of(List.of(TestDns.exampleZone(0)));

  private static DnsServer start(DnsConfig config) {
    return DnsServer.start(config, () -> ZONES, new TestDns.FixedResolver(), new SimpleMeterRegistry());
  }

  @Test
  void portZeroPicksOnePortForUdpAndTcp() {
    try (DnsServer server = start(TestDns.config())) {
      InetSocketAddress a = server.localAddress();
      assertNotEquals(0, a.getPort());
      assertEquals(InetAddress.getLoopbackAddress(), a.getAddress());
      assertEquals(Rcode.NOERROR, TestDns.udp(a, query("www.example.com.", Type.A)).getRcode());
      assertEquals(Rcode.NOERROR, TestDns.tcp(a, query("www.example.com.", Type.A)).getRcode());
    }
  }

  @Test
  void nioTransportServesUdpAndTcpToo() {
    try (DnsServer server =
        DnsServer.start(TestDns.config(), () -> ZONES, new TestDns.FixedResolver(), new SimpleMeterRegistry(), false)) {
      InetSocketAddress a = server.localAddress();
      assertEquals(Rcode.NOERROR, TestDns.udp(a, query("www.example.com.", Type.A)).getRcode());
      assertEquals(Rcode.NXDOMAIN, TestDns.tcp(a, query("nothere.example.com.", Type.A)).getRcode());
      byte[] twoQuestions = {1, 2, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0};
      assertEquals(Rcode.FORMERR, TestDns.parse(TestDns.udpRaw(a, twoQuestions)).getHeader().getRcode());
    }
  }

  @Test
  void manyUdpSocketsAllAnswerClientsFromManyPorts() throws Exception {
    try (DnsServer server = start(TestDns.config().withEventLoops(2).withUdpSockets(4))) {
      List<DatagramSocket> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 32; i++) {
          DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
          s.setSoTimeout(3000);
          clients.add(s);
          byte[] q = query("www.example.com.", Type.A).toWire();
          s.send(new DatagramPacket(q, q.length, server.localAddress()));
        }
        Set<Integer> answered = new HashSet<>();
        for (DatagramSocket s : clients) {
          byte[] buf = new byte[512];
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          s.receive(p);
          Message m = TestDns.parse(java.util.Arrays.copyOf(buf, p.getLength()));
          assertEquals(Rcode.NOERROR, m.getRcode());
          answered.add(s.getLocalPort());
        }
        assertEquals(32, answered.size());
      } finally {
        for (DatagramSocket s : clients) {
          s.close();
        }
      }
    }
  }

  @Test
  void portInUseFailsWithTheAddressInTheMessage() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      InetSocketAddress busy = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
      UncheckedIOException busyError =
          assertThrows(
              UncheckedIOException.class,
              () -> start(DnsConfig.defaults(busy).withEventLoops(1).withUdpSockets(1)).close());
      assertTrue(busyError.getMessage().contains(String.valueOf(busy.getPort())), busyError.getMessage());
    }
  }

  @Test
  void closeReleasesThePortAndIsIdempotent() throws Exception {
    DnsServer server = start(TestDns.config());
    InetSocketAddress a = server.localAddress();
    server.close();
    server.close();
    try (DatagramSocket s = new DatagramSocket(a)) {
      assertEquals(a.getPort(), s.getLocalPort());
    }
  }

  @Test
  void configRejectsOutOfRangeValuesWithTheRange() {
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    DnsConfig ok = DnsConfig.defaults(any);
    assertEquals(1232, ok.advertisedPayload());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ok.withAdvertisedPayload(511));
    assertEquals("advertisedPayload: 511 (expected: 512..65535)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ok.withEventLoops(0));
    assertThrows(IllegalArgumentException.class, () -> ok.withUdpSockets(0));
    assertThrows(IllegalArgumentException.class, () -> ok.withTcpIdleTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> ok.withMaxTcpConnections(0));
  }

  @Test
  void tcpTimeoutsHaveOneRangeStatedAsTheConfigFileSpellsIt() {
    DnsConfig ok = DnsConfig.defaults(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    assertEquals(
        "tcp-idle-timeout-seconds: 3601 (expected: 1..3600)",
        assertThrows(IllegalArgumentException.class, () -> ok.withTcpIdleTimeout(Duration.ofSeconds(3601)))
            .getMessage());
    assertEquals(
        "tcp-frame-timeout-seconds: 0 (expected: 1..60)",
        assertThrows(IllegalArgumentException.class, () -> ok.withTcpFrameTimeout(Duration.ZERO)).getMessage());
    assertEquals(Duration.ofHours(1), ok.withTcpIdleTimeout(Duration.ofHours(1)).tcpIdleTimeout());
    assertEquals(Duration.ofMillis(500), ok.withTcpFrameTimeout(Duration.ofMillis(500)).tcpFrameTimeout());
  }
}
