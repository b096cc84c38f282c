package io.aya.gslb.zone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class ZoneFileParserTest {
  static final String HEAD =
      "$TTL 300\n"
          + "@ IN SOA ns1 hostmaster 1 7200 900 1209600 60\n"
          + "@ IN NS ns1\n"
          + "ns1 IN A 198.51.100.53\n";

  @TempDir Path dir;

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  static Name n(String s) throws IOException {
    return Name.fromString(s);
  }

  static InetAddress ip(String s) throws IOException {
    return InetAddress.getByName(s);
  }

  @Test
  void aRegionCostIsReadInMillisecondsAndDefaultsToZero() throws Exception {
    Zone z = ZoneFileParser.parse(write("cost.test.zone", HEAD
        + "$REGION cheap 50 0 capacity=10\n"
        + "$REGION dear 40 -70 cost=12.5 capacity=20\n"));
    assertEquals(0.0, z.regions().get("cheap").cost());
    assertEquals(12.5, z.regions().get("dear").cost());
    assertEquals(20, z.regions().get("dear").capacity());
  }

  @Test
  void sampleZoneOfTheRepositoryLoadsWithBalancedWwwAndStaticRecords() throws Exception {
    Zone z = ZoneFileParser.parse(Path.of("..", "zones", "example.com.zone"));
    assertEquals(n("example.com."), z.origin());
    assertEquals(2026112501L, z.serial());
    assertEquals(Set.of("us-east", "eu-west", "ap-southeast"), z.regions().keySet());
    assertEquals(10000, z.regions().get("us-east").capacity());
    BalancedName www = z.node(n("www.example.com.")).balanced();
    assertNotNull(www);
    assertEquals(3, www.pools().size());
    assertTrue(www.hasIpv4() && www.hasIpv6());
    assertTrue(www.policy().geo() && www.policy().capacity());
    assertEquals(1, www.policy().answers());
    assertEquals(Fallback.ALL, www.policy().fallback());
    assertEquals(30, www.policy().ttl());
    assertEquals(3, www.pools().get(0).members().get(0).weight());
    assertTrue(z.endpoints().isEmpty(), "the sample's pools are static");
    assertNotNull(z.rrset(n("example.com."), Type.MX));
    assertNotNull(z.rrset(n("_sip._tcp.example.com."), Type.SRV));
    assertNotNull(z.rrset(n("docs.example.com."), Type.CNAME));
    assertNotNull(z.rrset(n("example.com."), Type.TXT));
  }

  @Test
  void everyGslbConstructIsParsedIntoTheModel() throws Exception {
    Path f = write("example.net.zone", HEAD
        + "$REGION us-east 39.04 -77.49 capacity=10000\n"
        + "$REGION eu-west 53.35 -6.26\n"
        + "$CHECK web http port=8080 path=/healthz expect=204 body=\"all good\" host=www.example.net interval=500ms timeout=250ms rise=3 fall=4\n"
        + "$CHECK raw tcp port=443\n"
        + "$CHECK tls https\n"
        + "www 60 IN GSLB us-east 192.0.2.10@5 192.0.2.11 2001:db8::10@0 check=web up=2\n"
        + "www IN 60 GSLB eu-west 198.51.100.10 check=raw\n"
        + "api GSLB eu-west 198.51.100.20 check=tls\n"
        + "$POLICY www priority=eu-west,us-east capacity weighted geofence=GB,fr,EU answers=2 fallback=192.0.2.99,2001:db8::99 ttl=1m\n"
        + "$POLICY api geo fallback=none\n"
        + "$LOAD us-east url=http://192.0.2.200:9100/load field=stats.load interval=10s\n"
        + "$LOAD eu-west url=https://198.51.100.200/load\n");
    Zone z = ZoneFileParser.parse(f);
    assertEquals(n("example.net."), z.origin());
    assertEquals(new Region("eu-west", 53.35, -6.26, 0), z.regions().get("eu-west"));

    CheckSpec web = z.checks().get("web");
    assertEquals(new CheckSpec("web", CheckType.HTTP, 8080, "/healthz", 204, "all good", "www.example.net",
        Duration.ofMillis(500), Duration.ofMillis(250), 3, 4), web);
    assertEquals(new CheckSpec("raw", CheckType.TCP, 443, null, 0, null, null,
        Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 2), z.checks().get("raw"));
    CheckSpec tls = z.checks().get("tls");
    assertEquals(443, tls.port());
    assertEquals("/", tls.path());
    assertEquals(200, tls.expectStatus());

    BalancedName www = z.node(n("www.example.net.")).balanced();
    Pool east = www.pools().get(0);
    assertEquals("us-east", east.region().name());
    assertEquals(List.of(new PoolMember(ip("192.0.2.10"), 5), new PoolMember(ip("192.0.2.11"), 1),
        new PoolMember(ip("2001:db8::10"), 0)), east.members());
    assertEquals(web, east.check());
    assertEquals(2, east.upThreshold());
    assertEquals(1, www.pools().get(1).upThreshold());
    PolicySpec p = www.policy();
    assertEquals(new PolicySpec(false, List.of("eu-west", "us-east"), true, true, Set.of("GB", "FR", "EU"), 2,
        new Fallback.Fixed(List.of(ip("192.0.2.99"), ip("2001:db8::99"))), 60), p);

    PolicySpec api = z.node(n("api.example.net.")).balanced().policy();
    assertEquals(new PolicySpec(true, List.of(), false, false, Set.of(), 1, Fallback.NONE, 30), api);

    assertEquals(List.of(
        new LoadProbe("us-east", URI.create("http://192.0.2.200:9100/load"), "stats.load", Duration.ofSeconds(10)),
        new LoadProbe("eu-west", URI.create("https://198.51.100.200/load"), null, Duration.ofSeconds(5))),
        z.loadProbes());
    assertEquals(5, z.endpoints().size(), "3 web + 1 raw + 1 tls");
    assertEquals(f, z.source());
  }

  @Test
  void balancedTtlComesFromPolicyThenFirstExplicitRecordTtlThenThirtySeconds() throws Exception {
    Path f = write("example.org.zone", HEAD
        + "$REGION r1 0 0\n"
        + "$REGION r2 1 1\n"
        + "a GSLB r1 192.0.2.1\n"
        + "a 90 GSLB r2 192.0.2.2\n"
        + "b 90 GSLB r1 192.0.2.1\n"
        + "$POLICY b ttl=15\n"
        + "c GSLB r1 192.0.2.1\n");
    Zone z = ZoneFileParser.parse(f);
    assertEquals(90, z.node(n("a.example.org.")).balanced().policy().ttl());
    assertEquals(15, z.node(n("b.example.org.")).balanced().policy().ttl());
    assertEquals(30, z.node(n("c.example.org.")).balanced().policy().ttl());
    assertEquals(PolicySpec.DEFAULT, z.node(n("c.example.org.")).balanced().policy());
  }

  @Test
  void originIsTheFileNameUnlessOriginComesFirst() throws Exception {
    Zone byName = ZoneFileParser.parse(write("byname.test.zone", HEAD));
    assertEquals(n("byname.test."), byName.origin());
    Zone byOrigin = ZoneFileParser.parse(write("other.zone", "$TTL 60\n$ORIGIN example.info.\n" + HEAD));
    assertEquals(n("example.info."), byOrigin.origin());
    assertNotNull(byOrigin.rrset(n("ns1.example.info."), Type.A));
  }

  @Test
  void laterOriginChangesOnlyTheBaseOfRelativeNamesForStaticAndGslbRecords() throws Exception {
    Zone z = ZoneFileParser.parse(write("example.com.zone", HEAD
        + "$REGION r1 0 0\n"
        + "$ORIGIN sub.example.com.\n"
        + "host IN A 192.0.2.5\n"
        + "www GSLB r1 192.0.2.6\n"
        + "$POLICY www geo\n"
        + "@ GSLB r1 192.0.2.7\n"));
    assertNotNull(z.rrset(n("host.sub.example.com."), Type.A));
    assertTrue(z.node(n("www.sub.example.com.")).balanced().policy().geo());
    assertNotNull(z.node(n("sub.example.com.")).balanced());
  }

  @Test
  void gslbRecordWithoutOwnerContinuesThePreviousGslbName() throws Exception {
    Zone z = ZoneFileParser.parse(write("example.com.zone", HEAD
        + "$REGION r1 0 0\n$REGION r2 1 1\n"
        + "www 30 IN GSLB r1 192.0.2.1\n"
        + "       30 IN GSLB r2 (192.0.2.2\n"
        + "                       192.0.2.3 )\n"));
    assertEquals(2, z.node(n("www.example.com.")).balanced().pools().size());
    assertEquals(2, z.node(n("www.example.com.")).balanced().pools().get(1).members().size());
  }

  @Test
  void staticRecordsOfManyTypesAndMultiLineRecordsAreParsedByDnsjava() throws Exception {
    Zone z = ZoneFileParser.parse(write("example.com.zone", "$ORIGIN example.com.\n"
        + "@ 3600 IN SOA ns1 hostmaster (\n  5 ; serial\n  7200 900 1209600 60 )\n"
        + "  IN NS ns1\n"
        + "ns1 IN A 198.51.100.53\n"
        + "@ MX 10 mail\n"
        + "mail A 192.0.2.25\n"
        + "   AAAA 2001:db8::25\n"
        + "txt TXT \"a ; not a comment\" \"caf\u00e9\"\n"
        + "_sip._tcp SRV 10 60 5060 sip.example.net.\n"
        + "caa CAA 0 issue \"letsencrypt.org\"\n"));
    assertEquals(5, z.serial());
    assertEquals(3600, z.soa().getTTL());
    assertNotNull(z.rrset(n("example.com."), Type.NS));
    assertEquals(3600, z.rrset(n("ns1.example.com."), Type.A).getTTL(), "no $TTL: the previous TTL applies");
    assertNotNull(z.rrset(n("mail.example.com."), Type.AAAA));
    MXRecord mx = (MXRecord) z.rrset(n("example.com."), Type.MX).first();
    assertEquals(n("mail.example.com."), mx.getTarget());
    TXTRecord txt = (TXTRecord) z.rrset(n("txt.example.com."), Type.TXT).first();
    assertEquals("a ; not a comment", txt.getStrings().get(0));
    assertArrayEquals("caf\u00e9".getBytes(StandardCharsets.UTF_8), txt.getStringsAsByteArrays().get(1),
        "UTF-8 text reaches the record byte for byte");
    assertEquals(5060, ((SRVRecord) z.rrset(n("_sip._tcp.example.com."), Type.SRV).first()).getPort());
    assertNotNull(z.rrset(n("caa.example.com."), Type.CAA));
  }

  @Test
  void generateExpandsIntoStaticRecords() throws Exception {
    Zone z = ZoneFileParser.parse(write("example.com.zone", HEAD
        + "$GENERATE 1-5 host$ A 192.0.2.$\n"
        + "$GENERATE 10-20/5 ptr$ CNAME host1\n"));
    for (int i = 1; i <= 5; i++) {
      RRset rs = z.rrset(n("host" + i + ".example.com."), Type.A);
      assertEquals(ip("192.0.2." + i), ((ARecord) rs.first()).getAddress());
      assertEquals(300, rs.getTTL());
    }
    assertNotNull(z.rrset(n("ptr15.example.com."), Type.CNAME));
    assertNull(z.node(n("ptr11.example.com.")));
  }

  @Test
  void includedFilesMayHoldGslbDirectivesAndResolveRelativeToTheIncluder() throws Exception {
    write("sub/regions.inc", "$REGION r1 0 0\n$REGION r2 10 10\n$CHECK web http\n");
    write("sub/pools.inc", "www GSLB r1 192.0.2.1 check=web\n"
        + "www GSLB r2 192.0.2.2\n"
        + "$INCLUDE more.inc\n");
    write("sub/more.inc", "$POLICY www priority=r2,r1\nhost A 192.0.2.9\n");
    write("sub/api.inc", "@ GSLB r1 192.0.2.3\n$POLICY @ weighted\n");
    Path f = write("example.com.zone", HEAD
        + "$INCLUDE sub/regions.inc\n"
        + "$INCLUDE sub/pools.inc\n"
        + "$INCLUDE sub/api.inc api\n"
        + "after A 192.0.2.10\n");
    Zone z = ZoneFileParser.parse(f);
    BalancedName www = z.node(n("www.example.com.")).balanced();
    assertEquals(List.of("r2", "r1"), www.policy().priority());
    assertEquals("web", www.pools().get(0).check().name());
    assertTrue(z.node(n("api.example.com.")).balanced().policy().weighted());
    assertNotNull(z.rrset(n("host.example.com."), Type.A));
    assertNotNull(z.rrset(n("after.example.com."), Type.A));
  }

  @Test
  void errorsInIncludedFilesNameTheIncludedFileAndLine() throws Exception {
    write("inc/bad.inc", "; regions\n\n$REGION r1 95 0\n");
    Path f = write("example.com.zone", HEAD + "$INCLUDE inc/bad.inc\n");
    ZoneParseException e = assertThrows(ZoneParseException.class, () -> ZoneFileParser.parse(f));
    assertEquals(dir.resolve("inc/bad.inc") + ":3: latitude: 95 (expected: decimal degrees, -90..90)", e.getMessage());
  }

  @Test
  void missingAndCyclicIncludesAreErrorsAtTheIncludeLine() throws Exception {
    write("loop.inc", "$INCLUDE loop.inc\n");
    Path f = write("example.com.zone", HEAD + "$INCLUDE nothere.inc\n$INCLUDE loop.inc\n");
    ZoneParseException e = assertThrows(ZoneParseException.class, () -> ZoneFileParser.parse(f));
    assertEquals(List.of(
        f + ":5: cannot read " + dir.resolve("nothere.inc") + " (no such file)",
        dir.resolve("loop.inc") + ":1: $INCLUDE loop.inc is already being read (include cycle)"), e.messages());
  }

  @Test
  void everyProblemOfAFileIsReportedInFileOrder() throws Exception {
    Path f = write("example.com.zone", HEAD
        + "$REGION r1 0 0\n"
        + "bad IN A 192.0.2.300\n"
        + "www GSLB nowhere 192.0.2.1\n"
        + "x IN MX ten mail\n");
    ZoneParseException e = assertThrows(ZoneParseException.class, () -> ZoneFileParser.parse(f));
    assertEquals(3, e.errors().size(), e.messages().toString());
    assertEquals(List.of(6, 7, 8), e.errors().stream().map(ZoneError::line).toList());
    assertEquals(e.messages(), ZoneFileParser.check(f));
    assertEquals(List.of(), ZoneFileParser.check(write("ok.zone", HEAD)));
  }

  @Test
  void unreadableFileIsReportedWithoutALine() throws Exception {
    Path f = dir.resolve("absent.zone");
    ZoneParseException e = assertThrows(ZoneParseException.class, () -> ZoneFileParser.parse(f));
    assertEquals(f + ": cannot read the file (no such file)", e.getMessage());
  }

  @Test
  void aZoneWithErrorsIsNeverPartlyBuilt() throws Exception {
    Path f = write("example.com.zone", HEAD + "$REGION r1 0 0\nwww GSLB r1 192.0.2.1 check=missing\n");
    assertThrows(ZoneParseException.class, () -> ZoneFileParser.parse(f));
    assertFalse(ZoneFileParser.check(f).isEmpty());
  }

  @Test
  void completeExampleOfTheSyntaxReferenceLoads() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "zone-syntax.md"), StandardCharsets.UTF_8);
    int section = doc.indexOf("## A complete example");
    int start = doc.indexOf("```\n", section) + 4;
    String example = doc.substring(start, doc.indexOf("```", start));
    Zone z = ZoneFileParser.parse(write("example.com.zone", example));
    assertEquals(3, z.node(n("www.example.com.")).balanced().pools().size());
    BalancedName api = z.node(n("api.example.com.")).balanced();
    assertEquals(List.of("us-east", "eu-west"), api.policy().priority());
    assertEquals(20, api.policy().ttl());
    assertEquals(Fallback.NONE, api.policy().fallback());
    assertNotNull(z.rrset(n("host4.example.com."), Type.A));
    assertEquals(1, z.loadProbes().size());
    assertEquals(6, z.endpoints().size(), "every member of the three checked www pools");
  }

  @Test
  void soaWithoutAnyTtlTakesItsMinimumAndLaterRecordsFollowIt() throws Exception {
    Zone z = ZoneFileParser.parse(write("example.com.zone",
        "@ IN SOA ns1 hostmaster 1 7200 900 1209600 120\n@ IN NS ns1\nns1 IN A 192.0.2.53\n"));
    assertEquals(120, z.soa().getTTL());
    assertEquals(120, z.rrset(n("ns1.example.com."), Type.A).getTTL());
  }

  @Test
  void wildcardOwnerCanBeBalanced() throws Exception {
    Zone z = ZoneFileParser.parse(write("example.com.zone", HEAD + "$REGION r1 0 0\n*.cdn GSLB r1 192.0.2.1\n"));
    assertNotNull(z.node(n("*.cdn.example.com.")).balanced());
  }

  @Test
  void crlfLineEndingsAndParenthesesInsideQuotesDoNotConfuseTheLexer() throws Exception {
    Path f = write("example.com.zone", (HEAD
        + "txt TXT \"(not a group\" \"semi;colon\" ; real comment (\n"
        + "$REGION r1 0 0\n"
        + "$CHECK web http body=\"ok (200)\"\n"
        + "www GSLB r1 192.0.2.1 check=web\n").replace("\n", "\r\n"));
    Zone z = ZoneFileParser.parse(f);
    TXTRecord txt = (TXTRecord) z.rrset(n("txt.example.com."), Type.TXT).first();
    assertEquals(List.of("(not a group", "semi;colon"), txt.getStrings());
    assertEquals("ok (200)", z.checks().get("web").expectBody());
  }

  @Test
  void includeWithOriginScopesRelativeNamesAndLeavesTheIncluderUnchanged() throws Exception {
    write("api.inc", "$TTL 60\n@ GSLB r1 192.0.2.3\nv1 A 192.0.2.4\n$ORIGIN elsewhere.example.com.\nx A 192.0.2.5\n");
    Zone z = ZoneFileParser.parse(write("example.com.zone", HEAD
        + "$REGION r1 0 0\n"
        + "mail A 192.0.2.25\n"
        + "$INCLUDE api.inc api\n"
        + "     AAAA 2001:db8::25\n"
        + "y A 192.0.2.6\n"));
    assertNotNull(z.node(n("api.example.com.")).balanced());
    assertEquals(60, z.rrset(n("v1.api.example.com."), Type.A).getTTL());
    assertNotNull(z.rrset(n("x.elsewhere.example.com."), Type.A));
    assertNotNull(z.rrset(n("mail.example.com."), Type.AAAA), "the owner before the include carries on after it");
    assertEquals(300, z.rrset(n("y.example.com."), Type.A).getTTL(), "$TTL of the included file ends with it");
  }
}
