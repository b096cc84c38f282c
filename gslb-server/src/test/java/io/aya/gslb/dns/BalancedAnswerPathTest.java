package io.aya.gslb.dns;

import static io.aya.gslb.dns.TestDns.name;
import static io.aya.gslb.dns.TestDns.option;
import static io.aya.gslb.dns.TestDns.query;
import static io.aya.gslb.dns.TestDns.rr;
import static io.aya.gslb.dns.TestDns.withOpt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.PolicySpec;
import io.aya.gslb.zone.Pool;
import io.aya.gslb.zone.PoolMember;
import io.aya.gslb.zone.Region;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Balanced records reach the client by one path wherever the balanced name sits in the answer: asked directly,
 * through a wildcard, at the end of a CNAME or DNAME chain, or as an SVCB target's addresses. Every question is
 * asked three times over UDP and TCP, so the first (rendered) and the later (cached) replies are both checked;
 * one event loop and one socket, so the later ones always meet the cache.
 */
class BalancedAnswerPathTest {
  static TestDns.Running dns;

  @BeforeAll
  static void start() throws Exception {
    Zone.Builder b = Zone.builder(name("example.com."));
    for (String s : List.of(
        "example.com. 600 SOA ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 300",
        "example.com. 3600 NS ns1.example.com.",
        "ns1.example.com. 3600 A 192.0.2.53",
        "to-lb.example.com. 300 CNAME lb.example.com.",
        "via.example.com. 300 CNAME to-lb.example.com.",
        "to-empty.example.com. 300 CNAME empty.example.com.",
        "dn.example.com. 300 DNAME example.com.",
        "svc.example.com. 300 HTTPS 1 lb.example.com. alpn=h2",
        "svc.example.com. 300 HTTPS 2 static.example.com. alpn=h2",
        "static.example.com. 300 A 192.0.2.7",
        "self.example.com. 300 HTTPS 1 . alpn=h2")) {
      b.record(rr(s));
    }
    // a chain whose CNAMEs alone fill more than 512 bytes
    String label = "c".repeat(60);
    for (int i = 0; i < 8; i++) {
      String target = i < 7 ? label + (i + 1) + ".example.com." : "lb.example.com.";
      b.record(rr(label + i + ".example.com. 300 CNAME " + target));
    }
    Region east = new Region("us-east", 39.04, -77.49, 0);
    for (String n : List.of("lb.example.com.", "*.w.example.com.", "self.example.com.")) {
      b.balanced(pool(n, east, "192.0.2.10", "2001:db8::10"));
    }
    b.balanced(pool("empty.example.com.", east, "192.0.2.11"));
    dns =
        new TestDns.Running(TestDns.config().withEventLoops(1).withUdpSockets(1), ZoneSet.of(List.of(b.build())));
  }

  private static BalancedName pool(String name, Region region, String... members) throws Exception {
    List<PoolMember> m = new ArrayList<>();
    for (String a : members) {
      m.add(new PoolMember(InetAddress.getByName(a), 1));
    }
    return new BalancedName(name(name), List.of(new Pool(region, m, null, 1)), PolicySpec.DEFAULT);
  }

  @AfterAll
  static void stop() {
    dns.close();
  }

  /** Three replies over UDP with an ECS /24 and three over TCP without; every one resolved anew. */
  private static List<Message> ask(String qname, int qtype) {
    List<Message> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int before = dns.resolver.calls.get();
      byte[] q = withOpt(query(qname, qtype).toWire(), 1232, 0, 0, option(8, 0, 1, 24, 0, 198, 51, 100));
      out.add(TestDns.parse(TestDns.udpRaw(dns.address(), q)));
      assertTrue(dns.resolver.calls.get() > before, "resolved for every query");
      out.add(TestDns.tcp(dns.address(), query(qname, qtype)));
    }
    return out;
  }

  private static List<String> section(Message m, int section) {
    List<String> out = new ArrayList<>();
    for (Record r : m.getSection(section)) {
      if (r.getType() == Type.OPT) {
        continue;
      }
      out.add(r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString());
    }
    return out;
  }

  private static int scope(Message m) {
    return ((ClientSubnetOption) m.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0)).getScopePrefixLength();
  }

  @Test
  void cnameToABalancedNameEndsInThePolicysRecordsWithItsScope() {
    for (Message m : ask("via.example.com.", Type.A)) {
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertTrue(m.getHeader().getFlag(Flags.AA));
      assertEquals(
          List.of(
              "via.example.com. CNAME to-lb.example.com.",
              "to-lb.example.com. CNAME lb.example.com.",
              "lb.example.com. A 192.0.2.10"),
          section(m, Section.ANSWER));
      if (m.getOPT() != null) {
        assertEquals(24, scope(m));
      }
    }
  }

  @Test
  void dnameIntoABalancedNameSynthesizesTheCnameThenThePolicysRecords() {
    for (Message m : ask("lb.dn.example.com.", Type.AAAA)) {
      assertEquals(
          List.of(
              "dn.example.com. DNAME example.com.",
              "lb.dn.example.com. CNAME lb.example.com.",
              "lb.example.com. AAAA 2001:db8:0:0:0:0:0:10"),
          section(m, Section.ANSWER));
      if (m.getOPT() != null) {
        assertEquals(24, scope(m), "56 from the policy, capped at the /24 the client sent");
      }
    }
  }

  @Test
  void wildcardBalancedNameAnswersUnderTheQueryName() {
    for (Message m : ask("Host.W.example.com.", Type.A)) {
      assertEquals("Host.W.example.com.", m.getQuestion().getName().toString());
      assertEquals(List.of("Host.W.example.com. A 192.0.2.10"), section(m, Section.ANSWER));
    }
  }

  @Test
  void cnameToAnEmptyBalancedNameIsNodataWithTheSoaAfterTheCname() {
    for (Message m : ask("to-empty.example.com.", Type.A)) {
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertEquals(List.of("to-empty.example.com. CNAME empty.example.com."), section(m, Section.ANSWER));
      assertEquals(Type.SOA, m.getSection(Section.AUTHORITY).get(0).getType());
      assertEquals(300, m.getSection(Section.AUTHORITY).get(0).getTTL());
    }
  }

  @Test
  void svcbAnswerGetsStaticAndBalancedTargetAddresses() {
    for (Message m : ask("svc.example.com.", Type.HTTPS)) {
      assertEquals(2, m.getSection(Section.ANSWER).size());
      List<String> extra = section(m, Section.ADDITIONAL);
      assertTrue(extra.contains("lb.example.com. A 192.0.2.10"), extra.toString());
      assertTrue(extra.contains("lb.example.com. AAAA 2001:db8:0:0:0:0:0:10"), extra.toString());
      assertTrue(extra.contains("static.example.com. A 192.0.2.7"), extra.toString());
      assertEquals(3, extra.size(), extra.toString());
      if (m.getOPT() != null) {
        assertEquals(24, scope(m));
      }
    }
  }

  @Test
  void serviceModeDotOnABalancedOwnerAddsItsOwnAddresses() {
    for (Message m : ask("SELF.example.com.", Type.HTTPS)) {
      assertEquals(
          List.of("SELF.example.com. A 192.0.2.10", "SELF.example.com. AAAA 2001:db8:0:0:0:0:0:10"),
          section(m, Section.ADDITIONAL));
    }
  }

  @Test
  void kdigReadsTheBalancedRecordsWhoseOwnersPointIntoCnameAndSvcbData() throws Exception {
    // an independent parser: the owners of the balanced records are compression pointers to the CNAME target
    // and to the SVCB TargetName that the cached part of the reply already holds
    List<String> chain = kdig("via.example.com.", "A");
    assertTrue(chain.contains("lb.example.com. 30 IN A 192.0.2.10"), chain.toString());
    List<String> svc = kdig("svc.example.com.", "HTTPS");
    assertTrue(svc.contains("lb.example.com. 30 IN A 192.0.2.10"), svc.toString());
    assertTrue(svc.contains("lb.example.com. 30 IN AAAA 2001:db8::10"), svc.toString());
    assertTrue(svc.contains("static.example.com. 300 IN A 192.0.2.7"), svc.toString());
  }

  /** The answer and additional records as kdig prints them, white space folded; fails on a malformed reply. */
  private static List<String> kdig(String name, String type) throws Exception {
    Process p = new ProcessBuilder("kdig", "@" + dns.address().getAddress().getHostAddress(), "-p",
        Integer.toString(dns.address().getPort()), name, type, "+noall", "+answer", "+additional",
        "+subnet=198.51.100.0/24", "+time=2", "+retry=0").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertFalse(out.contains("malformed") || out.contains("WARNING") || out.contains("error"), out);
    List<String> lines = new ArrayList<>();
    for (String l : out.split("\n")) {
      if (!l.isBlank() && !l.startsWith(";")) {
        lines.add(l.strip().replaceAll("\\s+", " "));
      }
    }
    return lines;
  }

  @Test
  void chainTooLongForUdpIsTruncatedAndWholeOverTcp() {
    String first = "c".repeat(60) + "0.example.com.";
    for (int i = 0; i < 3; i++) {
      Message udp = TestDns.udp(dns.address(), query(first, Type.A));
      assertTrue(udp.getHeader().getFlag(Flags.TC));
      assertEquals(first, udp.getQuestion().getName().toString());
      Message tcp = TestDns.tcp(dns.address(), query(first, Type.A));
      assertFalse(tcp.getHeader().getFlag(Flags.TC));
      List<String> answer = section(tcp, Section.ANSWER);
      assertEquals(9, answer.size());
      assertEquals("lb.example.com. A 192.0.2.10", answer.get(8));
    }
  }
}
