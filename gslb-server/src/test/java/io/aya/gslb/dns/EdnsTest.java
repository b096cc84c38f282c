package io.aya.gslb.dns;

import static io.aya.gslb.dns.TestDns.concat;
import static io.aya.gslb.dns.TestDns.option;
import static io.aya.gslb.dns.TestDns.query;
import static io.aya.gslb.dns.TestDns.withOpt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** EDNS (RFC 6891), truncation and TCP fallback, client subnet (RFC 7871), over real UDP and TCP. */
class EdnsTest {
  static TestDns.Running dns;

  @BeforeAll
  static void start() {
    dns = TestDns.start();
  }

  @AfterAll
  static void stop() {
    dns.close();
  }

  private static Message udp(byte[] q) {
    return TestDns.parse(TestDns.udpRaw(dns.address(), q));
  }

  private static byte[] plain(String name, int type) {
    return query(name, type).toWire();
  }

  private static byte[] ecs(int family, int source, int scope, int... address) {
    int[] data = new int[4 + address.length];
    data[0] = family >>> 8;
    data[1] = family & 0xFF;
    data[2] = source;
    data[3] = scope;
    System.arraycopy(address, 0, data, 4, address.length);
    return option(8, data);
  }

  private static ClientSubnetOption ecsOf(Message m) {
    OPTRecord opt = m.getOPT();
    assertNotNull(opt, "reply has an OPT");
    List<EDNSOption> options = opt.getOptions(EDNSOption.Code.CLIENT_SUBNET);
    assertEquals(1, options.size());
    return (ClientSubnetOption) options.get(0);
  }

  @Test
  void noOptInTheReplyWhenTheQueryHadNone() {
    assertNull(udp(plain("www.example.com.", Type.A)).getOPT());
    assertNull(TestDns.tcp(dns.address(), query("www.example.com.", Type.A)).getOPT());
    assertNull(udp(plain("nothere.example.com.", Type.A)).getOPT());
  }

  @Test
  void optIsAnsweredWithOurPayloadVersionZeroAndNoDoBitUnlessAsked() {
    Message m = udp(withOpt(plain("www.example.com.", Type.A), 4096, 0, 0, new byte[0]));
    assertEquals(Rcode.NOERROR, m.getRcode());
    OPTRecord opt = m.getOPT();
    assertNotNull(opt);
    assertEquals(1232, opt.getPayloadSize());
    assertEquals(0, opt.getVersion());
    assertEquals(0, opt.getFlags() & ExtendedFlags.DO);
    assertTrue(opt.getOptions().isEmpty());
    assertEquals(1, m.getSection(Section.ANSWER).size());
  }

  /** RFC 3225 §3: "The DO bit of the query MUST be copied in the response" (Knot and NSD do, signed or not). */
  @Test
  void doBitOfTheQueryIsCopiedIntoEveryKindOfReply() {
    byte[][] queries = {
      withOpt(plain("www.example.com.", Type.A), 1232, 0, ExtendedFlags.DO, new byte[0]), // first: rendered
      withOpt(plain("www.example.com.", Type.A), 1232, 0, ExtendedFlags.DO, new byte[0]), // then: cached
      withOpt(plain("nothere.example.com.", Type.A), 1232, 0, ExtendedFlags.DO, new byte[0]),
      withOpt(plain("lb.example.com.", Type.A), 1232, 0, ExtendedFlags.DO, ecs(1, 24, 0, 198, 51, 100)),
      withOpt(plain("big.example.com.", Type.TXT), 1232, 0, ExtendedFlags.DO, new byte[0]), // truncated
      withOpt(plain("www.example.com.", Type.A), 1232, 1, ExtendedFlags.DO, new byte[0]), // BADVERS
      withOpt(plain("www.example.org.", Type.A), 1232, 0, ExtendedFlags.DO, new byte[0]), // REFUSED
    };
    for (int i = 0; i < queries.length; i++) {
      for (Message m : List.of(udp(queries[i]), TestDns.tcpAll(dns.address(), List.of(queries[i])).get(0))) {
        assertNotNull(m.getOPT(), "case " + i);
        assertEquals(ExtendedFlags.DO, m.getOPT().getFlags() & ExtendedFlags.DO, "DO copied, case " + i);
      }
    }
    assertTrue(udp(queries[4]).getHeader().getFlag(Flags.TC), "case 4 is the truncated path");
  }

  @Test
  void unknownOptionsAreIgnored() {
    Message m = udp(withOpt(plain("www.example.com.", Type.A), 1232, 0, 0, option(65001, 1, 2, 3)));
    assertEquals(Rcode.NOERROR, m.getRcode());
    assertEquals(1, m.getSection(Section.ANSWER).size());
    assertTrue(m.getOPT().getOptions().isEmpty());
  }

  @Test
  void largeQueryWithPaddingIsAnsweredWithoutPadding() {
    Message m = udp(withOpt(plain("www.example.com.", Type.A), 1232, 0, 0, option(12, new int[1400])));
    assertEquals(Rcode.NOERROR, m.getRcode());
    assertEquals(1, m.getSection(Section.ANSWER).size());
    assertTrue(m.getOPT().getOptions().isEmpty());
  }

  @Test
  void unsupportedEdnsVersionIsBadversWithOpt() {
    Message m = udp(withOpt(plain("www.example.com.", Type.A), 1232, 1, 0, new byte[0]));
    assertEquals(Rcode.BADVERS, m.getRcode());
    assertNotNull(m.getOPT());
    assertEquals(0, m.getOPT().getVersion());
    assertTrue(m.getSection(Section.ANSWER).isEmpty());
  }

  @Test
  void payloadBelow512IsTreatedAs512() {
    Message full = TestDns.tcp(dns.address(), query("mid.example.com.", Type.TXT));
    assertTrue(full.toWire().length > 300 && full.toWire().length < 500, "the answer needs more than 300 bytes");
    Message m = udp(withOpt(plain("mid.example.com.", Type.TXT), 100, 0, 0, new byte[0]));
    assertFalse(m.getHeader().getFlag(Flags.TC));
    assertEquals(5, m.getSection(Section.ANSWER).size());
  }

  @Test
  void answerOver512WithoutEdnsIsTruncatedKeepingTheQuestion() {
    byte[] raw = TestDns.udpRaw(dns.address(), plain("big.example.com.", Type.TXT));
    assertTrue(raw.length <= 512);
    Message m = TestDns.parse(raw);
    assertTrue(m.getHeader().getFlag(Flags.TC));
    assertEquals("big.example.com.", m.getQuestion().getName().toString());
    assertTrue(m.getSection(Section.ANSWER).isEmpty(), "the single RRset is dropped whole");
    assertNull(m.getOPT());
  }

  @Test
  void answerOverTheAdvertisedSizeIsTruncatedKeepingOpt() {
    byte[] raw =
        TestDns.udpRaw(
            dns.address(), withOpt(plain("big.example.com.", Type.TXT), 4096, 0, 0, ecs(1, 24, 0, 192, 0, 2)));
    assertTrue(raw.length <= 1232, "never above our advertised 1232 even if the client takes 4096");
    Message m = TestDns.parse(raw);
    assertTrue(m.getHeader().getFlag(Flags.TC));
    assertNotNull(m.getOPT());
    assertEquals(0, ecsOf(m).getScopePrefixLength());
  }

  @Test
  void referralWhoseGlueDoesNotFitIsTruncated() {
    Message m = udp(plain("www.many.example.com.", Type.A));
    assertTrue(m.getHeader().getFlag(Flags.TC), "RFC 9471: missing in-domain glue sets TC");
    assertFalse(m.getHeader().getFlag(Flags.AA));
    Message edns = udp(withOpt(plain("www.many.example.com.", Type.A), 1232, 0, 0, new byte[0]));
    assertFalse(edns.getHeader().getFlag(Flags.TC));
    assertEquals(10, edns.getSection(Section.AUTHORITY).size());
    assertEquals(20 + 1, edns.getSection(Section.ADDITIONAL).size(), "all glue, and the OPT");
  }

  @Test
  void truncatedAnswerComesWholeOverTcp() {
    Message m = TestDns.tcp(dns.address(), query("big.example.com.", Type.TXT));
    assertFalse(m.getHeader().getFlag(Flags.TC));
    assertEquals(40, m.getSection(Section.ANSWER).size());
    assertTrue(m.getHeader().getFlag(Flags.AA));
  }

  @Test
  void largerClientPayloadLetsAMidSizedAnswerThrough() {
    Message small = udp(plain("mail.example.com.", Type.MX));
    assertFalse(small.getHeader().getFlag(Flags.TC));
    Message m = udp(withOpt(plain("mid.example.com.", Type.TXT), 1232, 0, 0, new byte[0]));
    assertFalse(m.getHeader().getFlag(Flags.TC));
  }

  @Test
  void ecsIsEchoedWithScopeZeroForStaticAnswers() {
    Message m = udp(withOpt(plain("www.example.com.", Type.A), 1232, 0, 0, ecs(1, 24, 0, 198, 51, 100)));
    ClientSubnetOption o = ecsOf(m);
    assertEquals(24, o.getSourcePrefixLength());
    assertEquals(0, o.getScopePrefixLength());
    assertEquals("198.51.100.0", o.getAddress().getHostAddress());
    Message tcp =
        TestDns.tcpAll(
                dns.address(),
                List.of(withOpt(plain("nothere.example.com.", Type.A), 1232, 0, 0, ecs(1, 24, 0, 198, 51, 100))))
            .get(0);
    assertEquals(Rcode.NXDOMAIN, tcp.getRcode());
    assertEquals(0, ecsOf(tcp).getScopePrefixLength());
  }

  @Test
  void balancedAnswerUsesTheEcsAddressAndReportsTheResolversScope() throws Exception {
    Message m = udp(withOpt(plain("lb.example.com.", Type.A), 1232, 0, 0, ecs(1, 24, 0, 198, 51, 100)));
    assertEquals(1, m.getSection(Section.ANSWER).size());
    assertEquals(InetAddress.getByName("198.51.100.0"), dns.resolver.lastClient.get());
    assertEquals(24, dns.resolver.lastPrefix);
    assertEquals(24, ecsOf(m).getScopePrefixLength());
  }

  @Test
  void scopeIsNeverLongerThanTheSourcePrefix() {
    Message m = udp(withOpt(plain("lb.example.com.", Type.A), 1232, 0, 0, ecs(1, 16, 0, 198, 51)));
    assertEquals(16, ecsOf(m).getScopePrefixLength());
    Message v6 =
        udp(withOpt(plain("lb.example.com.", Type.AAAA), 1232, 0, 0, ecs(2, 48, 0, 0x20, 0x01, 0x0d, 0xb8, 0, 1)));
    assertEquals(48, ecsOf(v6).getScopePrefixLength());
    assertEquals(48, dns.resolver.lastPrefix);
  }

  @Test
  void sourcePrefixZeroUsesThePeerAddressAndEchoesScopeZero() {
    Message m = udp(withOpt(plain("lb.example.com.", Type.A), 1232, 0, 0, ecs(1, 0, 0)));
    assertEquals(1, m.getSection(Section.ANSWER).size());
    assertEquals(InetAddress.getLoopbackAddress(), dns.resolver.lastClient.get());
    assertEquals(32, dns.resolver.lastPrefix);
    assertEquals(0, ecsOf(m).getScopePrefixLength());
  }

  @Test
  void invalidEcsIsFormerr() {
    byte[][] bad = {
      ecs(3, 24, 0, 198, 51, 100), // unknown family
      ecs(1, 33, 0, 198, 51, 100, 1, 0), // source longer than IPv4
      ecs(2, 129, 0, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), // source longer than IPv6
      ecs(1, 24, 0, 198, 51, 100, 0), // address longer than ceil(24/8)
      ecs(1, 24, 0, 198, 51), // address shorter than ceil(24/8)
      ecs(1, 20, 0, 198, 51, 100), // 20 bits but 3 bytes with bits set past the prefix
      ecs(1, 22, 0, 198, 51, 101), // bits set past the prefix
      ecs(1, 24, 8, 198, 51, 100), // scope set in a query
      option(8, 0, 1, 24), // shorter than the fixed part
      concat(ecs(1, 24, 0, 198, 51, 100), ecs(1, 24, 0, 198, 51, 100)), // two ECS options
      truncatedOption(), // option overruns the OPT RDATA
    };
    for (int i = 0; i < bad.length; i++) {
      byte[] q = withOpt(plain("www.example.com.", Type.A), 1232, 0, 0, bad[i]);
      int id = ((q[0] & 0xFF) << 8) | (q[1] & 0xFF);
      Message m = udp(q);
      assertEquals(Rcode.FORMERR, m.getHeader().getRcode(), "case " + i);
      assertEquals(id, m.getHeader().getID());
      assertTrue(m.getHeader().getFlag(Flags.RD), "RD copied, case " + i);
      assertTrue(m.getSection(Section.ANSWER).isEmpty());
      assertFalse(m.getHeader().getFlag(Flags.AA), "case " + i);
    }
  }

  /**
   * RFC 6891 §7: a query with an OPT gets an OPT back. A wrong client-subnet option leaves the message readable,
   * so its FORMERR carries the question and our OPT (without an ECS echo); only a broken OPT framing does not.
   */
  @Test
  void invalidEcsContentIsFormerrWithTheQuestionAndOurOptOverUdpAndTcp() {
    byte[][] bad = {
      ecs(3, 24, 0, 198, 51, 100),
      ecs(1, 33, 0, 198, 51, 100, 1, 0),
      ecs(1, 24, 0, 198, 51),
      ecs(1, 22, 0, 198, 51, 101),
      ecs(1, 24, 8, 198, 51, 100),
      option(8, 0, 1, 24),
      concat(ecs(1, 24, 0, 198, 51, 100), ecs(1, 24, 0, 198, 51, 100)),
      concat(ecs(1, 24, 9, 198, 51, 100), ecs(1, 24, 0, 198, 51, 100)),
    };
    for (int i = 0; i < bad.length; i++) {
      byte[] q = withOpt(plain("WwW.example.COM.", Type.A), 1232, 0, ExtendedFlags.DO, bad[i]);
      for (Message m : List.of(udp(q), TestDns.tcpAll(dns.address(), List.of(q)).get(0))) {
        assertEquals(Rcode.FORMERR, m.getRcode(), "case " + i);
        assertEquals("WwW.example.COM.", m.getQuestion().getName().toString(), "case " + i);
        assertEquals(Type.A, m.getQuestion().getType());
        assertNotNull(m.getOPT(), "case " + i);
        assertEquals(0, m.getOPT().getVersion());
        assertEquals(ExtendedFlags.DO, m.getOPT().getFlags() & ExtendedFlags.DO);
        assertTrue(m.getOPT().getOptions().isEmpty(), "no ECS echo for a broken ECS, case " + i);
        assertFalse(m.getHeader().getFlag(Flags.AA));
        assertEquals(0, m.getHeader().getCount(Section.ANSWER) + m.getHeader().getCount(Section.AUTHORITY));
      }
    }
    Message framing = udp(withOpt(plain("www.example.com.", Type.A), 1232, 0, 0, truncatedOption()));
    assertEquals(Rcode.FORMERR, framing.getHeader().getRcode());
    assertEquals(0, framing.getHeader().getCount(Section.QUESTION), "an unreadable OPT: header only");
  }

  private static byte[] truncatedOption() {
    byte[] o = option(8, 0, 1, 24, 0, 198, 51, 100);
    o[3] = 9; // claims 9 bytes of data, has 7
    return o;
  }

  @Test
  void validEcsWithSubByteSourcePrefixIsAccepted() {
    Message m = udp(withOpt(plain("www.example.com.", Type.A), 1232, 0, 0, ecs(1, 20, 0, 198, 51, 96)));
    assertEquals(Rcode.NOERROR, m.getRcode());
    assertEquals(20, ecsOf(m).getSourcePrefixLength());
  }

  @Test
  void twoOptRecordsAreFormerr() {
    byte[] once = withOpt(plain("www.example.com.", Type.A), 1232, 0, 0, new byte[0]);
    Message m = udp(withOpt(once, 1232, 0, 0, new byte[0]));
    assertEquals(Rcode.FORMERR, m.getHeader().getRcode());
  }
}
