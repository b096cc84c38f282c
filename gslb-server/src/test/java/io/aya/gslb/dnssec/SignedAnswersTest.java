package io.aya.gslb.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Signed answers of a real server, checked with dnsjava's DNSSEC.verify against the served DNSKEYs. */
class SignedAnswersTest {
  @TempDir static Path dir;
  static SignedServer server;
  static List<DNSKEYRecord> keys;

  @BeforeAll
  static void start() throws Exception {
    server = SignedServer.start(dir);
    keys = server.dnskeys();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static <T extends Record> List<T> records(Message m, int section, Class<T> type) {
    return m.getSection(section).stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void apexPublishesOneCombinedKeyWithCdsAndCdnskeyAllSigned() throws Exception {
    assertEquals(1, keys.size());
    assertEquals(257, keys.get(0).getFlags());
    assertEquals(13, keys.get(0).getAlgorithm());
    Message dnskey = server.query("example.com.", Type.DNSKEY);
    assertEquals(1, server.verify(dnskey, Section.ANSWER, keys));
    Message cds = server.query("example.com.", Type.CDS);
    assertEquals(1, server.verify(cds, Section.ANSWER, keys));
    Message cdnskey = server.query("example.com.", Type.CDNSKEY);
    assertEquals(1, server.verify(cdnskey, Section.ANSWER, keys));
  }

  @Test
  void staticAnswersCarrySignaturesOnlyWhenDoIsSet() throws Exception {
    Message signed = server.query("mail.example.com.", Type.A);
    assertEquals(1, server.verify(signed, Section.ANSWER, keys));
    assertTrue(signed.getOPT() != null && (signed.getOPT().getFlags() & 0x8000) != 0, "DO echoed");
    Message plain = server.query("mail.example.com.", Type.A, false, null);
    assertEquals(1, plain.getSection(Section.ANSWER).size());
    assertTrue(records(plain, Section.ANSWER, RRSIGRecord.class).isEmpty());
    Message mx = server.query("example.com.", Type.MX);
    assertEquals(1, server.verify(mx, Section.ANSWER, keys));
  }

  @Test
  void nonexistentNameIsNoerrorWithACompactDenialNsec() throws Exception {
    Message m = server.query("nothere.example.com.", Type.A);
    assertEquals(Rcode.NOERROR, m.getRcode());
    assertTrue(m.getSection(Section.ANSWER).isEmpty());
    NSECRecord nsec = records(m, Section.AUTHORITY, NSECRecord.class).get(0);
    assertEquals(Name.fromString("nothere.example.com."), nsec.getName());
    assertEquals(Name.fromString("\\000.nothere.example.com."), nsec.getNext());
    assertTrue(nsec.hasType(128), "NXNAME in the bitmap: " + nsec);
    assertTrue(nsec.hasType(Type.RRSIG) && nsec.hasType(Type.NSEC));
    assertFalse(nsec.hasType(Type.A));
    assertEquals(60, nsec.getTTL());
    assertEquals(2, server.verify(m, Section.AUTHORITY, keys), "SOA and NSEC signed");
    Message plain = server.query("nothere.example.com.", Type.A, false, null);
    assertEquals(Rcode.NXDOMAIN, plain.getRcode(), "without DO, a plain NXDOMAIN");
  }

  @Test
  void missingTypeIsNodataWithAnNsecListingTheTypesThatExist() throws Exception {
    Message m = server.query("mail.example.com.", Type.TXT);
    assertEquals(Rcode.NOERROR, m.getRcode());
    NSECRecord nsec = records(m, Section.AUTHORITY, NSECRecord.class).get(0);
    assertEquals(Name.fromString("mail.example.com."), nsec.getName());
    assertTrue(nsec.hasType(Type.A));
    assertFalse(nsec.hasType(Type.TXT));
    assertFalse(nsec.hasType(128));
    assertEquals(2, server.verify(m, Section.AUTHORITY, keys));
    Message ent = server.query("b.c.example.com.", Type.A);
    NSECRecord empty = records(ent, Section.AUTHORITY, NSECRecord.class).get(0);
    assertEquals(List.of(Type.RRSIG, Type.NSEC).size(), empty.getTypes().length, "empty non-terminal: " + empty);
  }

  @Test
  void wildcardExpansionIsSignedAsTheQueryName() throws Exception {
    Message m = server.query("anything.wild.example.com.", Type.TXT);
    assertEquals(1, server.verify(m, Section.ANSWER, keys));
    RRSIGRecord sig = records(m, Section.ANSWER, RRSIGRecord.class).get(0);
    assertEquals(4, sig.getLabels());
  }

  @Test
  void secureDelegationCarriesItsSignedDs() throws Exception {
    Message m = server.query("host.secure.example.com.", Type.A);
    assertFalse(m.getHeader().getFlag(Flags.AA));
    assertEquals(1, records(m, Section.AUTHORITY, DSRecord.class).size());
    assertEquals(1, server.verify(m, Section.AUTHORITY, keys), "DS signed, NS not");
    Message ds = server.query("secure.example.com.", Type.DS);
    assertEquals(1, server.verify(ds, Section.ANSWER, keys));
  }

  @Test
  void insecureDelegationIsProvenWithAnNsecWithoutDs() throws Exception {
    Message m = server.query("host.insecure.example.com.", Type.A);
    NSECRecord nsec = records(m, Section.AUTHORITY, NSECRecord.class).get(0);
    assertEquals(Name.fromString("insecure.example.com."), nsec.getName());
    assertTrue(nsec.hasType(Type.NS));
    assertFalse(nsec.hasType(Type.DS));
    assertFalse(nsec.hasType(Type.SOA));
    assertEquals(1, server.verify(m, Section.AUTHORITY, keys));
    Message ds = server.query("insecure.example.com.", Type.DS);
    assertEquals(Rcode.NOERROR, ds.getRcode());
    assertEquals(2, server.verify(ds, Section.AUTHORITY, keys));
  }

  @Test
  void balancedAnswersDifferByPlaceAreSignedAndTheSteadyStateSignsNothing() throws Exception {
    Message us = server.query("www.example.com.", Type.A, true, "10.1.2.3");
    Message eu = server.query("www.example.com.", Type.A, true, "172.16.5.6");
    Message ap = server.query("www.example.com.", Type.A, true, "192.168.7.8");
    assertEquals("192.0.2.10", records(us, Section.ANSWER, ARecord.class).get(0).getAddress().getHostAddress());
    assertEquals("198.51.100.10", records(eu, Section.ANSWER, ARecord.class).get(0).getAddress().getHostAddress());
    assertEquals("203.0.113.10", records(ap, Section.ANSWER, ARecord.class).get(0).getAddress().getHostAddress());
    for (Message m : List.of(us, eu, ap)) {
      assertEquals(1, server.verify(m, Section.ANSWER, keys));
      assertTrue(m.getHeader().getFlag(Flags.AA));
    }
    int signedSoFar = server.signed().onlineSigned();
    for (int i = 0; i < 20; i++) {
      Message again = server.query("www.example.com.", Type.A, true, i % 2 == 0 ? "10.9.9.9" : "172.20.1.1");
      assertEquals(1, server.verify(again, Section.ANSWER, keys));
    }
    assertEquals(signedSoFar, server.signed().onlineSigned(), "no signing in the steady state");
    Message cname = server.query("docs.example.com.", Type.A, true, "172.16.5.6");
    assertEquals(2, server.verify(cname, Section.ANSWER, keys), "CNAME and balanced A signed");
  }

  @Test
  void balancedNameWithoutAnAnswerIsSignedNodata() throws Exception {
    Message m = server.query("www.example.com.", Type.TXT);
    assertEquals(Rcode.NOERROR, m.getRcode());
    NSECRecord nsec = records(m, Section.AUTHORITY, NSECRecord.class).get(0);
    assertTrue(nsec.hasType(Type.A) && nsec.hasType(Type.AAAA) && !nsec.hasType(Type.TXT));
    assertEquals(2, server.verify(m, Section.AUTHORITY, keys));
  }

  @Test
  void signedAnswersTooBigForUdpAreTruncatedAndComeWholeOverTcp() throws Exception {
    for (String[] q : new String[][] {{"big.example.com.", "TXT"}, {"many.example.com.", "AAAA"}}) {
      int type = Type.value(q[1]);
      Message udp = server.small(q[0], type, false);
      assertTrue(udp.getHeader().getFlag(Flags.TC), q[0] + ": TC over UDP with 512 bytes");
      assertTrue(udp.getSection(Section.ANSWER).isEmpty()
          || !records(udp, Section.ANSWER, RRSIGRecord.class).isEmpty(), "never records without their RRSIG: " + udp);
      Message tcp = server.small(q[0], type, true);
      assertFalse(tcp.getHeader().getFlag(Flags.TC));
      assertEquals(1, server.verify(tcp, Section.ANSWER, keys), q[0]);
      assertTrue(tcp.getSection(Section.ANSWER).size() >= 7, q[0] + " whole over TCP");
    }
    Message plain = server.query("many.example.com.", Type.AAAA, false, null);
    assertEquals(26, plain.getSection(Section.ANSWER).size(), "without DO the same answer fits 1232 bytes");
  }

  @Test
  void balancedAddressesOfAnHttpsTargetAreSignedInTheAdditionalSectionAndTheSteadyStateSignsNothing()
      throws Exception {
    Message us = server.query("svc.example.com.", Type.HTTPS, true, "10.1.2.3");
    assertEquals(1, server.verify(us, Section.ANSWER, keys), "HTTPS signed");
    assertEquals("192.0.2.10", records(us, Section.ADDITIONAL, ARecord.class).get(0).getAddress().getHostAddress());
    assertEquals(1, records(us, Section.ADDITIONAL, AAAARecord.class).size());
    assertEquals(2, server.verify(us, Section.ADDITIONAL, keys), "the target's A and AAAA, each with its RRSIG");
    Message eu = server.query("svc.example.com.", Type.HTTPS, true, "172.16.5.6");
    assertEquals("198.51.100.10", records(eu, Section.ADDITIONAL, ARecord.class).get(0).getAddress().getHostAddress());
    assertTrue(server.verify(eu, Section.ADDITIONAL, keys) >= 1);
    int signedSoFar = server.signed().onlineSigned();
    for (int i = 0; i < 10; i++) {
      Message again = server.query("svc.example.com.", Type.HTTPS, true, i % 2 == 0 ? "10.9.9.9" : "172.20.1.1");
      assertTrue(server.verify(again, Section.ADDITIONAL, keys) >= 1);
    }
    assertEquals(signedSoFar, server.signed().onlineSigned(), "no signing in the steady state");
    Message plain = server.query("svc.example.com.", Type.HTTPS, false, "10.1.2.3");
    assertEquals(1, records(plain, Section.ADDITIONAL, ARecord.class).size());
    assertTrue(records(plain, Section.ADDITIONAL, RRSIGRecord.class).isEmpty(), "without DO no RRSIG: " + plain);
  }

  @Test
  void anAdditionalRrsetThatFitsOnlyWithoutItsRrsigIsLeftOutRatherThanSentUnsigned() throws Exception {
    Message whole = server.sized("svcmany.example.com.", Type.HTTPS, 1232, false);
    assertEquals(26, records(whole, Section.ADDITIONAL, AAAARecord.class).size(), "fits 1232 bytes: " + whole);
    assertEquals(1, server.verify(whole, Section.ADDITIONAL, keys));
    RRSIGRecord sig = records(whole, Section.ADDITIONAL, RRSIGRecord.class).get(0);
    int sigBytes = 2 + 10 + sig.rdataToWireCanonical().length;
    // room for the 26 AAAA records but not for their RRSIG as well
    Message squeezed = server.sized("svcmany.example.com.", Type.HTTPS, whole.numBytes() - sigBytes / 2, false);
    assertFalse(squeezed.getHeader().getFlag(Flags.TC), "additional data is left out without TC");
    assertEquals(1, server.verify(squeezed, Section.ANSWER, keys));
    assertTrue(records(squeezed, Section.ADDITIONAL, AAAARecord.class).isEmpty(), "no AAAA without RRSIG: " + squeezed);
    assertEquals(0, server.verify(squeezed, Section.ADDITIONAL, keys));
  }

  @Test
  void staticAdditionalAddressesAreSignedButReferralGlueIsNot() throws Exception {
    Message mx = server.query("example.com.", Type.MX);
    assertEquals(1, records(mx, Section.ADDITIONAL, ARecord.class).size(), "mail's address: " + mx);
    assertEquals(1, server.verify(mx, Section.ADDITIONAL, keys));
    Message referral = server.query("host.secure.example.com.", Type.A);
    assertEquals(1, records(referral, Section.ADDITIONAL, ARecord.class).size(), "glue: " + referral);
    assertTrue(records(referral, Section.ADDITIONAL, RRSIGRecord.class).isEmpty(), "glue unsigned: " + referral);
  }
}
