package io.aya.gslb.dns;

import static io.aya.gslb.dns.TestDns.name;
import static io.aya.gslb.dns.TestDns.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.HINFORecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** RFC 1034 §4.3.2 answers over real UDP and TCP. */
class AuthoritativeAnswerTest {
  static TestDns.Running dns;

  @BeforeAll
  static void start() {
    dns = TestDns.start();
  }

  @AfterAll
  static void stop() {
    dns.close();
  }

  /** The same query over UDP and over TCP; both replies must pass the same checks. */
  private static List<Message> ask(String qname, int qtype) {
    Message q = query(qname, qtype);
    q.getHeader().setFlag(Flags.RD);
    Message u = TestDns.udp(dns.address(), q);
    Message t = TestDns.tcp(dns.address(), q);
    assertEquals(q.getHeader().getID(), u.getHeader().getID());
    assertEquals(q.getHeader().getID(), t.getHeader().getID());
    return List.of(u, t);
  }

  private static List<Record> answers(Message m) {
    return m.getSection(Section.ANSWER);
  }

  @Test
  void positiveAnswerIsAuthoritativeCopiesIdAndRdAndNeverSetsRa() {
    for (Message m : ask("www.example.com.", Type.A)) {
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertTrue(m.getHeader().getFlag(Flags.QR));
      assertTrue(m.getHeader().getFlag(Flags.AA));
      assertTrue(m.getHeader().getFlag(Flags.RD));
      assertFalse(m.getHeader().getFlag(Flags.RA));
      assertEquals(1, answers(m).size());
      assertEquals("192.0.2.1", ((ARecord) answers(m).get(0)).getAddress().getHostAddress());
      assertTrue(m.getSection(Section.AUTHORITY).isEmpty());
    }
  }

  @Test
  void rdIsNotSetWhenTheQueryDidNotSetIt() {
    Message q = query("www.example.com.", Type.A);
    q.getHeader().unsetFlag(Flags.RD);
    assertFalse(TestDns.udp(dns.address(), q).getHeader().getFlag(Flags.RD));
  }

  @Test
  void nameOutsideEveryZoneIsRefusedWithoutAa() {
    for (Message m : ask("www.example.org.", Type.A)) {
      assertEquals(Rcode.REFUSED, m.getRcode());
      assertFalse(m.getHeader().getFlag(Flags.AA));
      assertFalse(m.getHeader().getFlag(Flags.RA));
      assertTrue(answers(m).isEmpty());
    }
  }

  @Test
  void missingNameIsNxdomainWithSoaAtTheNegativeTtl() {
    for (Message m : ask("nothere.example.com.", Type.A)) {
      assertEquals(Rcode.NXDOMAIN, m.getRcode());
      assertTrue(m.getHeader().getFlag(Flags.AA));
      assertTrue(answers(m).isEmpty());
      SOARecord soa = (SOARecord) m.getSection(Section.AUTHORITY).get(0);
      assertEquals(name("example.com."), soa.getName());
      assertEquals(300, soa.getTTL(), "min(SOA TTL 600, MINIMUM 300)");
    }
  }

  @Test
  void missingTypeIsNodataWithSoa() {
    for (Message m : ask("www.example.com.", Type.MX)) {
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertTrue(m.getHeader().getFlag(Flags.AA));
      assertTrue(answers(m).isEmpty());
      assertEquals(Type.SOA, m.getSection(Section.AUTHORITY).get(0).getType());
      assertEquals(300, m.getSection(Section.AUTHORITY).get(0).getTTL());
    }
  }

  @Test
  void emptyNonTerminalIsNodataNotNxdomain() {
    for (Message m : ask("b.c.example.com.", Type.A)) {
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertTrue(answers(m).isEmpty());
      assertEquals(Type.SOA, m.getSection(Section.AUTHORITY).get(0).getType());
    }
  }

  @Test
  void questionIsEchoedWithItsLetterCase() {
    for (Message m : ask("WwW.ExAmPlE.CoM.", Type.A)) {
      assertEquals("WwW.ExAmPlE.CoM.", m.getQuestion().getName().toString());
      assertEquals(1, answers(m).size());
    }
    // and again, now that the answer is cached in its other spelling
    for (Message m : ask("www.EXAMPLE.com.", Type.A)) {
      assertEquals("www.EXAMPLE.com.", m.getQuestion().getName().toString());
    }
  }

  @Test
  void cnameChainInsideTheZoneIsFollowed() {
    for (Message m : ask("chain1.example.com.", Type.A)) {
      List<Record> a = answers(m);
      assertEquals(3, a.size());
      assertEquals(name("chain2.example.com."), ((CNAMERecord) a.get(0)).getTarget());
      assertEquals(name("www.example.com."), ((CNAMERecord) a.get(1)).getTarget());
      assertEquals(Type.A, a.get(2).getType());
      assertEquals(name("www.example.com."), a.get(2).getName());
      assertTrue(m.getHeader().getFlag(Flags.AA));
    }
  }

  @Test
  void cnameIsAnsweredItselfWhenAskedFor() {
    for (Message m : ask("alias.example.com.", Type.CNAME)) {
      assertEquals(1, answers(m).size());
      assertEquals(Type.CNAME, answers(m).get(0).getType());
    }
  }

  /**
   * RRSIG and NSEC are the types that may sit beside a CNAME (RFC 4035 §2.5, RFC 2181 §10.1), so a query for
   * them is about the alias name itself: NODATA in an unsigned zone, the CNAME not followed (as Knot answers).
   */
  @Test
  void rrsigAndNsecQueriesAtACnameAreNodataWithoutFollowingIt() {
    for (int type : new int[] {Type.RRSIG, Type.NSEC}) {
      for (String qname : new String[] {"alias.example.com.", "x.cn.example.com."}) {
        for (Message m : ask(qname, type)) {
          assertEquals(Rcode.NOERROR, m.getRcode(), qname + " " + Type.string(type));
          assertTrue(m.getHeader().getFlag(Flags.AA));
          assertTrue(answers(m).isEmpty(), qname + " " + Type.string(type));
          assertEquals(Type.SOA, m.getSection(Section.AUTHORITY).get(0).getType());
        }
      }
    }
    for (Message m : ask("alias.example.com.", Type.DNSKEY)) {
      assertEquals(Type.CNAME, answers(m).get(0).getType(), "other types still follow the CNAME");
    }
  }

  @Test
  void cnameLoopStopsWithEachCnameOnce() {
    for (Message m : ask("loop1.example.com.", Type.A)) {
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertEquals(2, answers(m).size());
      assertEquals(Type.CNAME, answers(m).get(0).getType());
      assertEquals(Type.CNAME, answers(m).get(1).getType());
    }
  }

  @Test
  void longCnameChainIsCutAtTheLimit() {
    for (Message m : ask("c0.example.com.", Type.A)) {
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertEquals(ZoneAnswerer.MAX_CNAME_CHAIN, answers(m).size());
      for (Record r : answers(m)) {
        assertEquals(Type.CNAME, r.getType());
      }
    }
  }

  @Test
  void cnameToAMissingNameInTheZoneEndsInNxdomain() {
    for (Message m : ask("dangling.example.com.", Type.A)) {
      assertEquals(Rcode.NXDOMAIN, m.getRcode(), "RFC 6604: the rcode of the last name");
      assertEquals(1, answers(m).size());
      assertEquals(Type.SOA, m.getSection(Section.AUTHORITY).get(0).getType());
    }
  }

  @Test
  void cnameOutOfTheZoneIsAnsweredAsIs() {
    for (Message m : ask("ext.example.com.", Type.A)) {
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertEquals(1, answers(m).size());
      assertEquals(name("www.example.net."), ((CNAMERecord) answers(m).get(0)).getTarget());
      assertTrue(m.getSection(Section.AUTHORITY).isEmpty());
    }
  }

  @Test
  void wildcardIsSynthesizedWithTheQueryNameAsOwner() {
    for (Message m : ask("anything.wild.example.com.", Type.A)) {
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertTrue(m.getHeader().getFlag(Flags.AA));
      assertEquals(1, answers(m).size());
      assertEquals(name("anything.wild.example.com."), answers(m).get(0).getName());
      assertEquals("192.0.2.99", ((ARecord) answers(m).get(0)).getAddress().getHostAddress());
    }
    for (Message m : ask("deeper.still.wild.example.com.", Type.TXT)) {
      assertEquals(name("deeper.still.wild.example.com."), answers(m).get(0).getName());
    }
  }

  @Test
  void wildcardWithoutTheTypeIsNodata() {
    for (Message m : ask("anything.wild.example.com.", Type.MX)) {
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertTrue(answers(m).isEmpty());
      assertEquals(Type.SOA, m.getSection(Section.AUTHORITY).get(0).getType());
    }
  }

  @Test
  void wildcardDoesNotApplyToAnExistingName() {
    for (Message m : ask("host.wild.example.com.", Type.A)) {
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertTrue(answers(m).isEmpty(), "host exists (TXT only): NODATA, not the wildcard's A");
    }
  }

  @Test
  void wildcardIsBlockedByAnEmptyNonTerminal() {
    // y.wild exists as an empty non-terminal (x.y.wild has data): NODATA at y, NXDOMAIN below it
    for (Message m : ask("y.wild.example.com.", Type.A)) {
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertTrue(answers(m).isEmpty());
    }
    for (Message m : ask("z.y.wild.example.com.", Type.A)) {
      assertEquals(Rcode.NXDOMAIN, m.getRcode());
      assertTrue(answers(m).isEmpty());
    }
  }

  @Test
  void wildcardCnameIsSynthesizedAndFollowed() {
    for (Message m : ask("foo.cn.example.com.", Type.A)) {
      List<Record> a = answers(m);
      assertEquals(2, a.size());
      assertEquals(name("foo.cn.example.com."), a.get(0).getName());
      assertEquals(Type.CNAME, a.get(0).getType());
      assertEquals(name("www.example.com."), a.get(1).getName());
    }
  }

  @Test
  void delegationIsAReferralWithInBailiwickGlue() {
    for (String q : new String[] {"sub.example.com.", "www.sub.example.com.", "a.b.sub.example.com."}) {
      for (Message m : ask(q, Type.A)) {
        assertEquals(Rcode.NOERROR, m.getRcode());
        assertFalse(m.getHeader().getFlag(Flags.AA), q);
        assertTrue(answers(m).isEmpty());
        List<Record> auth = m.getSection(Section.AUTHORITY);
        assertEquals(2, auth.size());
        for (Record r : auth) {
          assertEquals(Type.NS, r.getType());
          assertEquals(name("sub.example.com."), r.getName());
        }
        List<Record> add = m.getSection(Section.ADDITIONAL);
        assertEquals(1, add.size(), "glue only for the in-bailiwick server");
        assertEquals(name("ns.sub.example.com."), add.get(0).getName());
      }
    }
  }

  @Test
  void nsQueryAtTheCutIsAReferralToo() {
    for (Message m : ask("sub.example.com.", Type.NS)) {
      assertFalse(m.getHeader().getFlag(Flags.AA));
      assertTrue(answers(m).isEmpty());
      assertEquals(2, m.getSection(Section.AUTHORITY).size());
    }
  }

  @Test
  void dsAtTheCutIsAnsweredAuthoritativelyFromTheParent() {
    for (Message m : ask("sub.example.com.", Type.DS)) {
      assertTrue(m.getHeader().getFlag(Flags.AA));
      assertEquals(1, answers(m).size());
      assertEquals(Type.DS, answers(m).get(0).getType());
    }
    for (Message m : ask("nods.example.com.", Type.DS)) {
      assertTrue(m.getHeader().getFlag(Flags.AA));
      assertTrue(answers(m).isEmpty());
      assertEquals(Type.SOA, m.getSection(Section.AUTHORITY).get(0).getType());
    }
  }

  @Test
  void withParentAndChildServedDsComesFromTheParentAndTheRestFromTheChild() {
    var old = dns.zones.get();
    try {
      io.aya.gslb.zone.Zone child =
          io.aya.gslb.zone.Zone.builder(name("sub.example.com."))
              .record(TestDns.rr("sub.example.com. 600 SOA ns.sub.example.com. h.sub.example.com. 7 7200 900 9000 60"))
              .record(TestDns.rr("sub.example.com. 600 NS ns.sub.example.com."))
              .record(TestDns.rr("www.sub.example.com. 600 A 192.0.2.150"))
              .build();
      dns.zones.set(io.aya.gslb.zone.ZoneSet.of(List.of(old.zone(name("example.com.")), child)));
      for (Message m : ask("sub.example.com.", Type.DS)) {
        assertTrue(m.getHeader().getFlag(Flags.AA));
        assertEquals(Type.DS, answers(m).get(0).getType());
      }
      for (Message m : ask("www.sub.example.com.", Type.A)) {
        assertTrue(m.getHeader().getFlag(Flags.AA));
        assertEquals("192.0.2.150", ((ARecord) answers(m).get(0)).getAddress().getHostAddress());
      }
      for (Message m : ask("sub.example.com.", Type.NS)) {
        assertTrue(m.getHeader().getFlag(Flags.AA));
        assertEquals(1, answers(m).size());
      }
    } finally {
      dns.zones.set(old);
    }
  }

  @Test
  void mxTargetsInTheZoneGetAddressesInAdditional() {
    for (Message m : ask("mail.example.com.", Type.MX)) {
      assertEquals(2, answers(m).size());
      List<Record> add = m.getSection(Section.ADDITIONAL);
      assertEquals(2, add.size(), "A and AAAA of mx1, nothing for the out-of-zone exchanger");
      for (Record r : add) {
        assertEquals(name("mx1.example.com."), r.getName());
      }
    }
  }

  @Test
  void srvTargetsInTheZoneGetAddressesInAdditional() {
    for (Message m : ask("_sip._tcp.example.com.", Type.SRV)) {
      assertEquals(1, answers(m).size());
      List<Record> add = m.getSection(Section.ADDITIONAL);
      assertEquals(1, add.size());
      assertEquals(name("sip.example.com."), add.get(0).getName());
    }
  }

  @Test
  void apexNsGetsItsServersAddresses() {
    for (Message m : ask("example.com.", Type.NS)) {
      assertTrue(m.getHeader().getFlag(Flags.AA));
      assertEquals(2, answers(m).size());
      assertEquals(2, m.getSection(Section.ADDITIONAL).size());
    }
  }

  @Test
  void anyIsAnsweredWithOneRrset() {
    for (Message m : ask("www.example.com.", Type.ANY)) {
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertEquals(1, answers(m).size(), "the lowest type at the name: A");
      assertEquals(Type.A, answers(m).get(0).getType());
    }
    for (Message m : ask("example.com.", Type.ANY)) {
      List<Record> a = answers(m);
      assertEquals(2, a.size());
      assertEquals(Type.NS, a.get(0).getType());
      assertEquals(Type.NS, a.get(1).getType());
      List<Record> extra = m.getSection(Section.ADDITIONAL);
      assertEquals(2, extra.size(), "the NS set's in-zone addresses, as for an NS query (Knot does the same)");
      assertEquals(name("ns1.example.com."), extra.get(0).getName());
      assertEquals(Type.A, extra.get(0).getType());
      assertEquals(name("ns2.example.com."), extra.get(1).getName());
      assertEquals(Type.AAAA, extra.get(1).getType());
    }
  }

  @Test
  void anyForABalancedNameIsTheRfc8482Hinfo() {
    for (Message m : ask("lb.example.com.", Type.ANY)) {
      assertEquals(1, answers(m).size());
      HINFORecord h = (HINFORecord) answers(m).get(0);
      assertEquals("RFC8482", h.getCPU());
      assertEquals("", h.getOS());
    }
  }

  @Test
  void balancedNameAnswersTheResolversRecordsForThePeerAddress() {
    for (Message m : ask("lb.example.com.", Type.A)) {
      assertTrue(m.getHeader().getFlag(Flags.AA));
      assertEquals(1, answers(m).size());
      assertEquals("192.0.2.10", ((ARecord) answers(m).get(0)).getAddress().getHostAddress());
      assertEquals(InetAddress.getLoopbackAddress(), dns.resolver.lastClient.get());
      assertEquals(32, dns.resolver.lastPrefix);
    }
  }

  @Test
  void balancedNameWithNothingToAnswerIsNodataWithSoa() {
    for (Message m : ask("empty.example.com.", Type.A)) {
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertTrue(answers(m).isEmpty());
      assertEquals(Type.SOA, m.getSection(Section.AUTHORITY).get(0).getType());
    }
  }

  @Test
  void balancedNameHasNoDataForOtherTypes() {
    for (Message m : ask("lb.example.com.", Type.TXT)) {
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertTrue(answers(m).isEmpty());
      assertEquals(Type.SOA, m.getSection(Section.AUTHORITY).get(0).getType());
    }
  }

  @Test
  void staticAnswerStaysCorrectWhenServedRepeatedly() {
    for (int i = 0; i < 5; i++) {
      for (Message m : ask("apex.example.com.", Type.TXT)) {
        assertEquals(Rcode.NXDOMAIN, m.getRcode());
      }
      for (Message m : ask("example.com.", Type.TXT)) {
        assertEquals("apex", ((TXTRecord) answers(m).get(0)).getStrings().get(0));
      }
    }
  }

  @Test
  void newZoneSnapshotIsAnsweredRightAway() {
    Message before = TestDns.udp(dns.address(), query("www.example.com.", Type.A));
    assertEquals(1, answers(before).size());
    var old = dns.zones.get();
    try {
      dns.zones.set(io.aya.gslb.zone.ZoneSet.of(List.of()));
      Message after = TestDns.udp(dns.address(), query("www.example.com.", Type.A));
      assertEquals(Rcode.REFUSED, after.getRcode());
    } finally {
      dns.zones.set(old);
    }
  }

  @Test
  void zoneTransferIsRefusedOverUdpAndTcp() {
    for (Message m : ask("example.com.", Type.AXFR)) {
      assertEquals(Rcode.REFUSED, m.getRcode());
      assertFalse(m.getHeader().getFlag(Flags.AA));
    }
    for (Message m : ask("example.com.", Type.IXFR)) {
      assertEquals(Rcode.REFUSED, m.getRcode());
    }
  }

  @Test
  void otherClassesAreRefused() {
    Message q = Message.newQuery(Record.newRecord(name("version.bind."), Type.TXT, org.xbill.DNS.DClass.CH));
    Message m = TestDns.udp(dns.address(), q);
    assertEquals(Rcode.REFUSED, m.getRcode());
    assertNull(m.getOPT());
  }

  @Test
  void queriesAreCountedByRcodeAndType() {
    TestDns.udp(dns.address(), query("nothere.example.com.", Type.AAAA));
    double n =
        dns.meters.get("aya.dns.queries").tag("rcode", "NXDOMAIN").tag("qtype", "AAAA").counter().count();
    assertTrue(n >= 1);
    assertTrue(dns.meters.get("aya.dns.answer.latency").timer().count() >= 1);
    TestDns.udp(dns.address(), query("www.example.com.", 65280));
    assertTrue(dns.meters.get("aya.dns.queries").tag("rcode", "NOERROR").tag("qtype", "OTHER").counter().count() >= 1);
  }
}
