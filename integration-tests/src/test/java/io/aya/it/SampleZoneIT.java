package io.aya.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * What the README promises a new user: {@code aya serve} with no zone or geo flags serves the bundled
 * sample ({@code zones/example.com.zone}, {@code geo-data/}) and sends clients in different places to
 * different regions; {@code aya explain} and {@code aya check-zone} work from the command line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleZoneIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  // the IPv4 members of the sample's pools (answers=1 picks one per client network, weighted)
  private static final List<String> US_EAST = List.of("192.0.2.10", "192.0.2.11");
  private static final List<String> EU_WEST = List.of("198.51.100.10", "198.51.100.11");
  private static final List<String> AP_SOUTHEAST = List.of("203.0.113.10");

  @TempDir static Path tmp;
  private AyaProcess node;

  @BeforeAll
  void start() throws Exception {
    node = new AyaProcess("sample", tmp.resolve("node"), AyaProcess.freePort(), List.of()).start();
  }

  @AfterAll
  void stop() {
    node.stop();
  }

  @Test
  void clientsOnThreeContinentsGetTheirNearestRegionWithTheDatabaseNetworkAsScope() throws Exception {
    assertAnswer("81.2.69.0", 24, Type.A, EU_WEST, 24);      // London
    assertAnswer("89.160.20.0", 24, Type.A, EU_WEST, 24);    // Linkoping
    assertAnswer("203.0.113.0", 24, Type.A, AP_SOUTHEAST, 24);     // Singapore
    assertAnswer("175.16.199.0", 24, Type.A, AP_SOUTHEAST, 24);    // Changchun
    assertAnswer("216.160.83.0", 24, Type.A, US_EAST, 24);      // Milton, US
    assertAnswer("149.101.100.0", 24, Type.A, US_EAST, 24);     // US, country only
  }

  @Test
  void ipv6ClientsGetAaaaFromTheirNearestRegion() throws Exception {
    assertAnswer("2001:db8:3::", 48, Type.AAAA, List.of("2001:db8:30:0:0:0:0:10"), 48);  // Tokyo: ap-southeast
    assertAnswer("2001:db8:1::", 48, Type.AAAA, List.of("2001:db8:20:0:0:0:0:10"), 48);  // Frankfurt: eu-west
    assertAnswer("2001:db8:2::", 48, Type.AAAA, List.of("2001:db8:10:0:0:0:0:10"), 48);  // New York: us-east
  }

  @Test
  void withoutEcsTheResolverAddressDecidesAndLoopbackIsPinnedToUsEast() throws Exception {
    Message reply = node.query("www.example.com.", Type.A);
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(AyaProcess.addresses(reply)).hasSize(1).isSubsetOf(US_EAST);
  }

  @Test
  void namesOutsideTheZoneAreRefusedAndStaticRecordsAnswerAsWritten() throws Exception {
    assertThat(node.query("www.example.org.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(AyaProcess.addresses(node.query("mail.example.com.", Type.A))).containsExactly("192.0.2.25");
    Message nx = node.query("nope.example.com.", Type.A);
    assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(nx.getSection(org.xbill.DNS.Section.AUTHORITY)).anyMatch(r -> r.getType() == Type.SOA);
  }

  @Test
  void drainThroughTheApiMovesLondonAndUndrainBringsItBack() throws Exception {
    assertThat(node.post("/api/v1/regions/eu-west/drain").statusCode()).isEqualTo(200);
    try {
      assertAnswer("81.2.69.0", 24, Type.A, US_EAST, 24);
    } finally {
      assertThat(node.post("/api/v1/regions/eu-west/undrain").statusCode()).isEqualTo(200);
    }
    assertAnswer("81.2.69.0", 24, Type.A, EU_WEST, 24);
  }

  @Test
  void explainCommandPrintsTheLocationEveryRegionAndTheAnswer() throws Exception {
    Result r = aya("explain", "www.example.com", "A", "--client", "81.2.69.142", "--admin",
        "127.0.0.1:" + node.adminPort);
    assertThat(r.code).as(r.err).isZero();
    JsonNode e = JSON.readTree(r.out);
    assertThat(e.at("/client/country").asText()).isEqualTo("GB");
    assertThat(e.at("/client/network").asText()).isEqualTo("81.2.69.0/24");
    assertThat(e.get("regions")).hasSize(3);
    for (JsonNode region : e.get("regions")) {
      assertThat(region.get("distanceKm").asDouble()).isPositive();
      assertThat(region.get("step").asText()).isNotEmpty();
    }
    assertThat(EU_WEST).contains(e.at("/answer/addresses/0").asText());

    Result bad = aya("explain", "nope.example.com", "--client", "81.2.69.142", "--admin",
        "127.0.0.1:" + node.adminPort);
    assertThat(bad.code).isNotZero();
    assertThat(bad.out).contains("\"status\" : 404").contains("not a balanced name");
  }

  @Test
  void checkZoneAcceptsTheSampleAndNamesFileAndLineOfEachProblem() throws Exception {
    Result ok = aya("check-zone", AyaProcess.ROOT.resolve("zones/example.com.zone").toString());
    assertThat(ok.code).as(ok.err).isZero();

    Path broken = tmp.resolve("broken.test.zone");
    Files.writeString(broken, String.join("\n",
        "$ORIGIN broken.test.",
        "@ 300 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.1",
        "$REGION eu-west 53.35 -6.26",
        "www 30 IN GSLB mars-1 192.0.2.10",
        "$POLICY www nearest-ish",
        ""));
    Result bad = aya("check-zone", broken.toString());
    assertThat(bad.code).isEqualTo(1);
    assertThat(bad.err).contains(broken + ":6: ").contains("mars-1");
    assertThat(bad.err).contains(broken + ":7: ").contains("nearest-ish");
  }

  @Test
  void serveRefusesToStartOnABrokenZoneWithFileAndLine() throws Exception {
    Path zones = Files.createDirectories(tmp.resolve("bad-zones"));
    Path f = zones.resolve("bad.test.zone");
    Files.writeString(f, "$ORIGIN bad.test.\n@ 300 IN SOA ns1 hostmaster 1 7200 900 1209600 60\n@ 300 IN A 300.1.1.1\n");
    Result r = aya("serve", "--zones", zones.toString(), "--dns", "127.0.0.1:0", "--admin", "127.0.0.1:0",
        "--cluster-port", "0", "--state-dir", tmp.resolve("bad-state").toString());
    assertThat(r.code).isNotZero();
    assertThat(r.err).contains(f + ":3: ");
  }

  /** Answers exactly one address, one of {@code region}'s members, with the given ECS scope. */
  private void assertAnswer(String subnet, int prefix, int type, List<String> region, int scope) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString("www.example.com."), type, DClass.IN));
    List<EDNSOption> opts = List.of(new ClientSubnetOption(prefix, InetAddress.getByName(subnet)));
    q.addRecord(new OPTRecord(1232, 0, 0, 0, opts), org.xbill.DNS.Section.ADDITIONAL);
    Message reply = node.resolver().send(q);
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(AyaProcess.addresses(reply)).as("answer for " + subnet + "/" + prefix).hasSize(1).isSubsetOf(region);
    ClientSubnetOption ecs = null;
    for (EDNSOption o : reply.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET)) {
      ecs = (ClientSubnetOption) o;
    }
    assertThat(ecs).as("ECS echoed").isNotNull();
    assertThat(ecs.getScopePrefixLength()).as("scope for " + subnet).isEqualTo(scope);
  }

  private record Result(int code, String out, String err) {}

  private static Result aya(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        "-Daya.home=" + AyaProcess.ROOT.toAbsolutePath().normalize(), "-jar",
        AyaProcess.JAR.toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new IllegalStateException("aya " + String.join(" ", args) + " did not finish: " + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }
}
