package io.aya.gslb.dns;

import static io.aya.gslb.dns.TestDns.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Additional records of SVCB and HTTPS answers (RFC 9460 §4.1) over real UDP and TCP, compared with Knot serving
 * the same records where Knot does the same (targets other than "."), and checked against the RFC where AYA adds
 * more: the owner's addresses for a ServiceMode "." and a balanced target's addresses for the client.
 */
class SvcbAdditionalsTest {
  static final String STATIC = String.join("\n",
      "$ORIGIN example.com.",
      "$TTL 300",
      "@ SOA ns1 hostmaster 1 7200 900 1209600 300",
      "@ NS ns1",
      "ns1 A 192.0.2.53",
      "@ HTTPS 1 . alpn=h2",
      "@ A 192.0.2.1",
      "@ AAAA 2001:db8::1",
      "alias HTTPS 0 svc.example.com.",
      "svc HTTPS 1 pool.example.com. alpn=h3",
      "svc HTTPS 2 pool2.example.com. alpn=h2",
      "svc A 192.0.2.2",
      "pool A 192.0.2.3",
      "pool AAAA 2001:db8::3",
      "pool2 AAAA 2001:db8::4",
      "ext HTTPS 1 svc.example.net.",
      "dead HTTPS 0 .",
      "s2 SVCB 1 pool.example.com. port=853",
      "a2 SVCB 0 s2.example.com.",
      "deleg HTTPS 1 ns.sub.example.com.",
      "sub NS ns.sub.example.com.",
      "ns.sub A 192.0.2.77",
      "chain HTTPS 0 alias.example.com.",
      "*.w HTTPS 1 . alpn=h2",
      "*.w A 192.0.2.9",
      "big HTTPS 1 many.example.com.",
      "");

  @TempDir static Path dir;
  static AyaAndKnot servers;
  static TestDns.Running aya;

  @BeforeAll
  static void start() throws Exception {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      many.append("many A 198.51.100.").append(i).append('\n');
    }
    Path knotFile = Files.createDirectories(dir.resolve("k")).resolve("example.com.zone");
    Files.writeString(knotFile, STATIC + many, StandardCharsets.UTF_8);
    Path file = dir.resolve("example.com.zone");
    Files.writeString(file, STATIC + many + String.join("\n",
        "$REGION us-east 39.04 -77.49",
        "lb GSLB us-east 192.0.2.10 2001:db8::10",
        "lbsvc HTTPS 1 lb.example.com. alpn=h2",
        ""), StandardCharsets.UTF_8);
    servers = AyaAndKnot.start(dir, "example.com.", file, knotFile);
    aya = servers.aya;
  }

  @AfterAll
  static void stop() {
    if (servers != null) {
      servers.close();
    }
  }

  private static void sameAsKnot(String qname, int qtype) {
    servers.assertSameAnswers(qname, qtype);
  }

  private static List<String> additional(Message m) {
    List<String> out = new ArrayList<>();
    for (Record r : m.getSection(Section.ADDITIONAL)) {
      out.add(r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString());
    }
    return out;
  }

  @Test
  void aliasModeAddsTheTargetsRrsetAndAddresses() {
    sameAsKnot("alias.example.com.", Type.HTTPS);
    sameAsKnot("a2.example.com.", Type.SVCB);
    sameAsKnot("chain.example.com.", Type.HTTPS);
    List<String> extra = additional(TestDns.udp(aya.address(), TestDns.query("alias.example.com.", Type.HTTPS)));
    assertTrue(extra.contains("svc.example.com. HTTPS 1 pool.example.com. alpn=h3"), extra.toString());
    assertTrue(extra.contains("svc.example.com. A 192.0.2.2"), extra.toString());
  }

  @Test
  void serviceModeAddsTheTargetsAddresses() {
    sameAsKnot("svc.example.com.", Type.HTTPS);
    sameAsKnot("s2.example.com.", Type.SVCB);
    sameAsKnot("deleg.example.com.", Type.HTTPS);
    List<String> extra = additional(TestDns.udp(aya.address(), TestDns.query("svc.example.com.", Type.HTTPS)));
    assertEquals(List.of("pool.example.com. A 192.0.2.3", "pool.example.com. AAAA 2001:db8:0:0:0:0:0:3",
        "pool2.example.com. AAAA 2001:db8:0:0:0:0:0:4"), extra);
  }

  @Test
  void targetsOutsideTheZoneAndAliasModeDotAddNothing() {
    sameAsKnot("ext.example.com.", Type.HTTPS);
    sameAsKnot("dead.example.com.", Type.HTTPS);
    assertEquals(List.of(), additional(TestDns.udp(aya.address(), TestDns.query("dead.example.com.", Type.HTTPS))));
  }

  /** RFC 9460 §2.5.2: ServiceMode TargetName "." is the owner; its addresses are in the zone (Knot adds none). */
  @Test
  void serviceModeDotAddsTheOwnersAddresses() {
    for (Message m : new Message[] {
      TestDns.udp(aya.address(), TestDns.query("example.com.", Type.HTTPS)),
      TestDns.tcp(aya.address(), TestDns.query("example.com.", Type.HTTPS))
    }) {
      assertEquals(List.of("example.com. A 192.0.2.1", "example.com. AAAA 2001:db8:0:0:0:0:0:1"), additional(m));
    }
    Message wild = TestDns.udp(aya.address(), TestDns.query("x.w.example.com.", Type.HTTPS));
    assertEquals(List.of("x.w.example.com. A 192.0.2.9"), additional(wild), "a wildcard's addresses under the query name");
  }

  @Test
  void balancedTargetGetsThePolicysAddressesForEveryQuery() {
    for (int i = 0; i < 3; i++) {
      int before = aya.resolver.calls.get();
      Message q = TestDns.query("lbsvc.example.com.", Type.HTTPS);
      Message m = i % 2 == 0 ? TestDns.udp(aya.address(), q) : TestDns.tcp(aya.address(), q);
      assertEquals(List.of("lb.example.com. A 192.0.2.10", "lb.example.com. AAAA 2001:db8:0:0:0:0:0:10"), additional(m));
      assertEquals(before + 2, aya.resolver.calls.get(), "resolved per query (A and AAAA), never cached");
    }
  }

  @Test
  void additionalsThatDoNotFitAreDroppedWithoutTruncation() {
    Message q = TestDns.query("big.example.com.", Type.HTTPS);
    Message udp = TestDns.udp(aya.address(), q);
    assertFalse(udp.getHeader().getFlag(Flags.TC), "additional data is optional (RFC 2181 §9)");
    assertEquals(1, udp.getSection(Section.ANSWER).size());
    assertEquals(List.of(), additional(udp));
    Message tcp = TestDns.tcp(aya.address(), q);
    assertEquals(40, tcp.getSection(Section.ADDITIONAL).size());
    assertEquals(name("many.example.com."), tcp.getSection(Section.ADDITIONAL).get(0).getName());
  }
}
