package io.aya.gslb.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A real validating resolver (Unbound) with AYA's DS as trust anchor: static and balanced names, for clients
 * in different places (ECS), and denial, all come back secure (AD); a server signing with other keys is bogus.
 */
class UnboundValidationTest {
  @TempDir static Path dir;
  static SignedServer aya;
  static Unbound unbound;

  @BeforeAll
  static void start() throws Exception {
    aya = SignedServer.start(dir.resolve("aya"));
    String ds = aya.dnssec.ds(aya.zone()).get(0).toString();
    unbound = Unbound.start(dir.resolve("unbound"), "example.com.", aya.address(), ds);
  }

  @AfterAll
  static void stop() {
    if (unbound != null) {
      unbound.close();
    }
    aya.close();
  }

  private static String address(Message m) {
    List<Record> a = m.getSection(Section.ANSWER).stream().filter(r -> r instanceof ARecord).toList();
    return a.isEmpty() ? "none" : ((ARecord) a.get(0)).getAddress().getHostAddress();
  }

  private static void assertSecure(Message m, int rcode) {
    assertEquals(Rcode.string(rcode), Rcode.string(m.getRcode()), () -> m + "\n" + unbound.log());
    assertTrue(m.getHeader().getFlag(Flags.AD), () -> "not secure: " + m + "\n" + unbound.log());
  }

  @Test
  void balancedNameIsSecureForClientsInDifferentPlaces() throws Exception {
    Message eu = unbound.query("www.example.com.", Type.A, "172.16.5.0");
    assertSecure(eu, Rcode.NOERROR);
    assertEquals("198.51.100.10", address(eu));
    Message ap = unbound.query("www.example.com.", Type.A, "192.168.7.0");
    assertSecure(ap, Rcode.NOERROR);
    assertEquals("203.0.113.10", address(ap));
    Message us = unbound.query("www.example.com.", Type.A, "10.1.2.0");
    assertSecure(us, Rcode.NOERROR);
    assertEquals("192.0.2.10", address(us));
  }

  @Test
  void staticNamesAndWildcardsAreSecure() throws Exception {
    assertSecure(unbound.query("mail.example.com.", Type.A, null), Rcode.NOERROR);
    assertSecure(unbound.query("txt.example.com.", Type.TXT, null), Rcode.NOERROR);
    assertSecure(unbound.query("example.com.", Type.MX, null), Rcode.NOERROR);
    Message wild = unbound.query("some.wild.example.com.", Type.TXT, null);
    assertSecure(wild, Rcode.NOERROR);
    assertEquals(1, wild.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.TXT).count());
    Message cname = unbound.query("docs.example.com.", Type.A, "172.16.9.0");
    assertSecure(cname, Rcode.NOERROR);
    assertEquals("198.51.100.10", address(cname));
  }

  @Test
  void httpsAnswerWhoseTargetIsBalancedIsSecure() throws Exception {
    Message m = unbound.query("svc.example.com.", Type.HTTPS, null);
    assertSecure(m, Rcode.NOERROR);
    assertEquals(1, m.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.HTTPS).count(), m::toString);
  }

  @Test
  void nonexistentNamesAndMissingTypesValidate() throws Exception {
    Message nx = unbound.query("nothere.example.com.", Type.A, null);
    assertSecure(nx, Rcode.NOERROR);
    assertTrue(nx.getSection(Section.ANSWER).isEmpty());
    assertSecure(unbound.query("mail.example.com.", Type.TXT, null), Rcode.NOERROR);
    assertSecure(unbound.query("www.example.com.", Type.MX, null), Rcode.NOERROR);
    assertSecure(unbound.query("b.c.example.com.", Type.A, null), Rcode.NOERROR);
    assertSecure(unbound.query("secure.example.com.", Type.DS, null), Rcode.NOERROR);
    assertSecure(unbound.query("insecure.example.com.", Type.DS, null), Rcode.NOERROR);
  }

  @Test
  void answersSignedWithAnotherKeyAreBogus() throws Exception {
    try (SignedServer other = SignedServer.start(dir.resolve("other"));
        Unbound fooled = Unbound.start(dir.resolve("unbound-other"), "example.com.", other.address(),
            aya.dnssec.ds(aya.zone()).get(0).toString())) {
      assertEquals(Rcode.SERVFAIL, fooled.query("www.example.com.", Type.A, "172.16.5.0").getRcode());
      assertEquals(Rcode.SERVFAIL, fooled.query("mail.example.com.", Type.A, null).getRcode());
    }
  }
}
