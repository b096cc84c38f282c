package io.aya.gslb.dnssec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed zone as Knot's {@code kdig +dnssec} sees it (package knot-dnsutils): an RRSIG per record type,
 * wildcards, secure and insecure delegations, compact denial, ECS and TCP, and signed additional addresses
 * (static and balanced SVCB/HTTPS targets).
 */
class KdigTest {
  @TempDir static Path dir;
  static SignedServer server;

  @BeforeAll
  static void start() throws Exception {
    server = SignedServer.start(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** kdig's full output for one query with DO set. */
  private static String kdig(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("kdig", "@127.0.0.1", "-p",
        Integer.toString(server.address().getPort()), "+dnssec", "+norec", "+retry=0", "+time=3"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void everyRecordTypeComesWithItsRrsig() throws Exception {
    for (String[] q : new String[][] {{"example.com.", "SOA"}, {"example.com.", "NS"}, {"example.com.", "MX"},
        {"example.com.", "DNSKEY"}, {"example.com.", "CDS"}, {"example.com.", "CDNSKEY"},
        {"mail.example.com.", "A"}, {"txt.example.com.", "TXT"}, {"docs.example.com.", "CNAME"}}) {
      String out = kdig(q[0], q[1]);
      assertThat(out).as(q[0] + " " + q[1]).contains("status: NOERROR").contains("Flags: qr aa")
          .containsPattern("(?m)^" + q[0].replace(".", "\\.") + "\\s+\\d+\\s+IN\\s+RRSIG\\s+" + q[1] + " 13 ");
    }
  }

  @Test
  void wildcardAnswerIsSignedForTheQueryName() throws Exception {
    String out = kdig("deep.wild.example.com.", "TXT");
    assertThat(out).containsPattern("deep\\.wild\\.example\\.com\\.\\s+\\d+\\s+IN\\s+TXT\\s+\"wildcard\"")
        .containsPattern("deep\\.wild\\.example\\.com\\.\\s+\\d+\\s+IN\\s+RRSIG\\s+TXT 13 4 ");
  }

  @Test
  void delegationsProveTheirDsOrItsAbsence() throws Exception {
    String secure = kdig("www.secure.example.com.", "A");
    assertThat(secure).doesNotContain("Flags: qr aa")
        .containsPattern("secure\\.example\\.com\\.\\s+\\d+\\s+IN\\s+DS\\s+12345 13 2 ")
        .containsPattern("secure\\.example\\.com\\.\\s+\\d+\\s+IN\\s+RRSIG\\s+DS 13 ")
        .containsPattern("secure\\.example\\.com\\.\\s+\\d+\\s+IN\\s+NS\\s+ns\\.secure\\.example\\.com\\.");
    String insecure = kdig("www.insecure.example.com.", "A");
    assertThat(insecure).containsPattern("insecure\\.example\\.com\\.\\s+\\d+\\s+IN\\s+NSEC\\s+\\\\000\\.insecure\\.example\\.com\\. NS RRSIG NSEC")
        .containsPattern("insecure\\.example\\.com\\.\\s+\\d+\\s+IN\\s+RRSIG\\s+NSEC 13 ")
        .doesNotContain("IN\tDS\t");
  }

  @Test
  void compactDenialAnswersNoerrorWithNxnameAndNodataWithTheTypesThere() throws Exception {
    String nx = kdig("nothere.example.com.", "A");
    assertThat(nx).contains("status: NOERROR")
        .containsPattern("nothere\\.example\\.com\\.\\s+60\\s+IN\\s+NSEC\\s+\\\\000\\.nothere\\.example\\.com\\. RRSIG NSEC (NXNAME|TYPE128)")
        .containsPattern("example\\.com\\.\\s+\\d+\\s+IN\\s+RRSIG\\s+SOA 13 ");
    String nodata = kdig("mail.example.com.", "AAAA");
    assertThat(nodata).contains("status: NOERROR")
        .containsPattern("mail\\.example\\.com\\.\\s+60\\s+IN\\s+NSEC\\s+\\\\000\\.mail\\.example\\.com\\. A RRSIG NSEC");
  }

  @Test
  void balancedAnswersAreSignedPerPlaceOverUdpAndTcp() throws Exception {
    String eu = kdig("+subnet=172.16.5.0/24", "www.example.com.", "A");
    assertThat(eu).containsPattern("www\\.example\\.com\\.\\s+30\\s+IN\\s+A\\s+198\\.51\\.100\\.10")
        .containsPattern("www\\.example\\.com\\.\\s+30\\s+IN\\s+RRSIG\\s+A 13 3 30 ");
    String ap = kdig("+tcp", "+subnet=192.168.7.0/24", "www.example.com.", "A");
    assertThat(ap).containsPattern("www\\.example\\.com\\.\\s+30\\s+IN\\s+A\\s+203\\.0\\.113\\.10")
        .containsPattern("www\\.example\\.com\\.\\s+30\\s+IN\\s+RRSIG\\s+A 13 3 30 ");
  }

  @Test
  void addressesInTheAdditionalSectionComeWithTheirRrsigsBalancedOrStatic() throws Exception {
    String https = kdig("+subnet=10.1.2.0/24", "svc.example.com.", "HTTPS");
    String additional = https.substring(https.lastIndexOf("ADDITIONAL"));
    assertThat(https).containsPattern("svc\\.example\\.com\\.\\s+\\d+\\s+IN\\s+RRSIG\\s+HTTPS 13 3 ");
    assertThat(additional).containsPattern("www\\.example\\.com\\.\\s+30\\s+IN\\s+A\\s+192\\.0\\.2\\.10")
        .containsPattern("www\\.example\\.com\\.\\s+30\\s+IN\\s+RRSIG\\s+A 13 3 30 ")
        .containsPattern("www\\.example\\.com\\.\\s+30\\s+IN\\s+AAAA\\s+2001:db8::10")
        .containsPattern("www\\.example\\.com\\.\\s+30\\s+IN\\s+RRSIG\\s+AAAA 13 3 30 ");
    String mx = kdig("example.com.", "MX");
    assertThat(mx.substring(mx.lastIndexOf("ADDITIONAL")))
        .containsPattern("mail\\.example\\.com\\.\\s+\\d+\\s+IN\\s+RRSIG\\s+A 13 3 ");
  }
}
