package io.aya.gslb.dns;

import static io.aya.gslb.dns.TestDns.name;
import static io.aya.gslb.dns.TestDns.option;
import static io.aya.gslb.dns.TestDns.query;
import static io.aya.gslb.dns.TestDns.withOpt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers served again from the per-thread cache must be exactly what a fresh answer would be. One event loop
 * and one UDP socket, so the second query of a name always meets the first one's cache entry.
 */
class CachedAnswerTest {
  static TestDns.Running dns;

  @BeforeAll
  static void start() {
    dns =
        new TestDns.Running(
            TestDns.config().withEventLoops(1).withUdpSockets(1), ZoneSet.of(List.of(TestDns.exampleZone(40))));
  }

  @AfterAll
  static void stop() {
    dns.close();
  }

  private static byte[] ecs24(int a, int b, int c) {
    return option(8, 0, 1, 24, 0, a, b, c);
  }

  private static int scope(Message m) {
    return ((ClientSubnetOption) m.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0)).getScopePrefixLength();
  }

  @Test
  void repeatedStaticAnswerCarriesEachQuerysIdFlagsAndCase() {
    for (int i = 0; i < 4; i++) {
      Message q = query(i % 2 == 0 ? "mail.example.com." : "MAIL.example.COM.", Type.MX);
      if (i >= 2) {
        q.getHeader().unsetFlag(Flags.RD);
        q.getHeader().setFlag(Flags.CD);
      }
      Message m = TestDns.udp(dns.address(), q);
      assertEquals(q.getHeader().getID(), m.getHeader().getID());
      assertEquals(i < 2, m.getHeader().getFlag(Flags.RD));
      assertEquals(i >= 2, m.getHeader().getFlag(Flags.CD));
      assertTrue(m.getHeader().getFlag(Flags.AA));
      assertEquals(q.getQuestion().getName().toString(), m.getQuestion().getName().toString());
      assertEquals(2, m.getSection(Section.ANSWER).size());
      assertEquals(2, m.getSection(Section.ADDITIONAL).size());
    }
  }

  @Test
  void repeatedStaticAnswerGetsOptOnlyWhenAsked() {
    for (int i = 0; i < 4; i++) {
      byte[] plain = query("www.example.com.", Type.AAAA).toWire();
      byte[] q = i % 2 == 0 ? plain : withOpt(plain, 1232, 0, 0, ecs24(10, 1, 2));
      Message m = TestDns.parse(TestDns.udpRaw(dns.address(), q));
      assertEquals(i % 2 == 1, m.getOPT() != null);
      if (i % 2 == 1) {
        assertEquals(0, scope(m));
      }
      assertEquals(1, m.getSection(Section.ANSWER).size());
    }
  }

  @Test
  void balancedNameIsResolvedForEveryQueryWithItsOwnClient() throws Exception {
    int[][] clients = {{198, 51, 100}, {203, 0, 113}, {192, 0, 2}};
    for (int i = 0; i < 6; i++) {
      int[] c = clients[i % 3];
      int before = dns.resolver.calls.get();
      String qname = i % 2 == 0 ? "lb.example.com." : "LB.Example.Com.";
      byte[] q = withOpt(query(qname, Type.A).toWire(), 1232, 0, 0, ecs24(c[0], c[1], c[2]));
      Message m = TestDns.parse(TestDns.udpRaw(dns.address(), q));
      assertEquals(before + 1, dns.resolver.calls.get());
      assertEquals(InetAddress.getByName(c[0] + "." + c[1] + "." + c[2] + ".0"), dns.resolver.lastClient.get());
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertTrue(m.getHeader().getFlag(Flags.AA));
      assertEquals(1, m.getSection(Section.ANSWER).size());
      ARecord a = (ARecord) m.getSection(Section.ANSWER).get(0);
      assertEquals(name("lb.example.com."), a.getName());
      assertEquals(30, a.getTTL());
      assertEquals("192.0.2.10", a.getAddress().getHostAddress());
      assertEquals(24, scope(m));
    }
  }

  @Test
  void repeatedBalancedNodataKeepsTheSoa() {
    for (int i = 0; i < 3; i++) {
      Message m = TestDns.udp(dns.address(), query("empty.example.com.", Type.A));
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertTrue(m.getSection(Section.ANSWER).isEmpty());
      assertEquals(Type.SOA, m.getSection(Section.AUTHORITY).get(0).getType());
    }
  }

  @Test
  void balancedAnswerTooBigForUdpIsTruncatedAndWholeOverTcp() {
    for (int i = 0; i < 3; i++) {
      Message m = TestDns.udp(dns.address(), query("wide.example.com.", Type.A));
      assertTrue(m.getHeader().getFlag(Flags.TC));
      assertTrue(m.getSection(Section.ANSWER).isEmpty());
      assertEquals("wide.example.com.", m.getQuestion().getName().toString());
      Message t = TestDns.tcp(dns.address(), query("wide.example.com.", Type.A));
      assertFalse(t.getHeader().getFlag(Flags.TC));
      assertEquals(40, t.getSection(Section.ANSWER).size());
    }
  }

  @Test
  void newSnapshotReplacesCachedAnswers() {
    ZoneSet old = dns.zones.get();
    try {
      assertEquals("192.0.2.1", address(TestDns.udp(dns.address(), query("www.example.com.", Type.A))));
      Zone changed =
          Zone.builder(name("example.com."))
              .record(TestDns.rr("example.com. 600 SOA ns1.example.com. h.example.com. 2 7200 900 1209600 300"))
              .record(TestDns.rr("www.example.com. 300 A 192.0.2.200"))
              .build();
      dns.zones.set(ZoneSet.of(List.of(changed)));
      assertEquals("192.0.2.200", address(TestDns.udp(dns.address(), query("www.example.com.", Type.A))));
      assertEquals(Rcode.NXDOMAIN, TestDns.udp(dns.address(), query("lb.example.com.", Type.A)).getRcode());
    } finally {
      dns.zones.set(old);
    }
    assertEquals("192.0.2.1", address(TestDns.udp(dns.address(), query("www.example.com.", Type.A))));
  }

  private static String address(Message m) {
    return ((ARecord) m.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
  }
}
