package io.aya.gslb.cli;

import static io.aya.gslb.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.aya.gslb.config.HostPort;
import io.aya.gslb.node.AyaNode;
import io.aya.gslb.node.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * {@code aya keys} and {@code GET /api/v1/zones/{zone}/ds} of a running node with a signed zone: the DS matches
 * the DNSKEY served over DNS, the private key generated into the state directory appears nowhere, and an AXFR
 * carries the unsigned zone.
 */
class KeysCommandTest {
  @TempDir Path dir;

  private static String get(AyaNode node, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://" + HostPort.format(node.adminAddress()) + path))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  @Test
  void keysPrintsTheDsOfTheServedKeyAndNoPrivateKeyLeavesTheNode() throws Exception {
    Path zones = Files.createDirectories(dir.resolve("zones"));
    Files.writeString(zones.resolve("example.test.zone"), String.join("\n",
        "$ORIGIN example.test.",
        "$DNSSEC algorithm=13",
        "@ 300 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        ""));
    Files.writeString(zones.resolve("plain.test.zone"), String.join("\n",
        "@ 300 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        ""));
    try (AyaNode node = AyaNode.start(TestNode.config(zones, dir.resolve("state")))) {
      String admin = HostPort.format(node.adminAddress());
      CommandRun keys = run("keys", "example.test", "--admin", admin, "--dnskey");
      assertThat(keys.exit()).as(keys.err()).isZero();

      SimpleResolver dns = new SimpleResolver(node.dnsAddress());
      Message reply = dns.send(Message.newQuery(
          Record.newRecord(Name.fromString("example.test."), Type.DNSKEY, DClass.IN)));
      List<Record> served = reply.getSection(Section.ANSWER);
      assertThat(served).hasSize(1);
      DSRecord expected = new DSRecord(Name.fromString("example.test."), DClass.IN, 300, DSRecord.SHA256_DIGEST_ID,
          (DNSKEYRecord) served.get(0));
      assertThat(keys.out()).contains(expected.rdataToString()).contains("IN\tDS\t");

      String api = get(node, "/api/v1/zones/example.test/ds");
      assertThat(api).startsWith("200 ").contains("\"keyTag\" : " + expected.getFootprint()).contains("\"digestType\" : 2");
      assertThat(get(node, "/api/v1/zones/plain.test/ds")).startsWith("404 ").contains("not signed");
      String signed = get(node, "/api/v1/zones/example.test/signed");
      assertThat(signed).startsWith("200 ").contains("\tRRSIG\tDNSKEY ").contains("\tNSEC\t");
      assertThat(get(node, "/api/v1/zones/plain.test/signed")).startsWith("404 ");
      assertThat(get(node, "/api/v1/zones/nowhere.test/ds")).startsWith("404 ");
      CommandRun unsigned = run("keys", "plain.test", "--admin", admin);
      assertThat(unsigned.exit()).isNotZero();

      Path keyDir = dir.resolve("state/dnssec");
      Path privateFile;
      try (Stream<Path> files = Files.list(keyDir)) {
        privateFile = files.filter(p -> p.toString().endsWith(".private")).findFirst().orElseThrow();
      }
      String secret = Files.readAllLines(privateFile).stream().filter(l -> l.startsWith("PrivateKey: "))
          .findFirst().orElseThrow().substring("PrivateKey: ".length());
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
      for (String path : List.of("/api/v1/zones", "/api/v1/zones/example.test/ds", "/metrics", "/api/v1/cluster",
          "/api/v1/zones/example.test/signed",
          "/api/v1/explain?name=ns1.example.test&type=A&client=192.0.2.1")) {
        assertThat(get(node, path)).as(path).doesNotContain(secret);
      }
      assertThat(keys.out() + keys.err()).doesNotContain(secret);

      // zone transfers carry the unsigned static part: no DNSKEY, CDS, CDNSKEY, RRSIG or NSEC (docs/dnssec.md)
      org.xbill.DNS.ZoneTransferIn axfr = org.xbill.DNS.ZoneTransferIn.newAXFR(Name.fromString("example.test."),
          node.dnsAddress(), null);
      axfr.run();
      List<Record> transferred = axfr.getAXFR();
      assertThat(transferred).extracting(Record::getType).contains(Type.SOA, Type.NS, Type.A)
          .doesNotContain(Type.DNSKEY, Type.CDS, Type.CDNSKEY, Type.RRSIG, Type.NSEC);
    }
  }
}
