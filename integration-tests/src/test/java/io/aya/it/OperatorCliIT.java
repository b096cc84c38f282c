package io.aya.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * The operator CLI ({@code aya status|drain|undrain|force-up|force-down|clear|load|reload}) as a separate
 * process against a node running as another: it finds the node's admin address and its generated token
 * from the node's config file or state directory, its actions change what DNS answers, and every failure is
 * one line with the documented exit status.
 *
 * <p>The network map places the querying client (127.0.0.1) in London: eu-west (127.0.0.2, checked against
 * a real HTTP backend) is its nearest region, us-east (192.0.2.10, static) the next.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EU = "127.0.0.2";
  private static final String US = "192.0.2.10";
  private static final String ENDPOINT = "cli.test/web@127.0.0.2";

  @TempDir static Path tmp;
  private Backend backend;
  private AyaProcess node;
  private Path zoneFile;
  private Path config;

  @BeforeAll
  void start() throws Exception {
    int checkPort = AyaProcess.freePort();
    backend = new Backend(EU, checkPort).start();
    Path zones = Files.createDirectories(tmp.resolve("zones"));
    zoneFile = zones.resolve("cli.test.zone");
    Files.writeString(zoneFile, zone(1, checkPort, ""));
    Files.writeString(tmp.resolve("networks.txt"), "127.0.0.0/8 lat=51.51 lon=-0.13 country=GB\n");
    node = new AyaProcess("cli-n1", tmp.resolve("n1"), AyaProcess.freePort(), List.of(
        "--zones", zones.toString(), "--networks", tmp.resolve("networks.txt").toString(), "--geo", ""))
        .withGeneratedToken().start();
    // what an operator's /etc/aya/aya.json would say about this node
    config = tmp.resolve("aya.json");
    Files.writeString(config, "{ \"admin\": \"127.0.0.1:" + node.adminPort + "\", \"state-dir\": \""
        + node.dir.resolve("state") + "\" }\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> answers().equals(List.of(EU)));
  }

  @AfterAll
  void stop() {
    node.stop();
    backend.stop();
  }

  private static String zone(int serial, int checkPort, String extra) {
    return String.join("\n",
        "$ORIGIN cli.test.",
        "@ 300 IN SOA ns1 hostmaster " + serial + " 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        "$REGION eu-west 53.35 -6.26 capacity=1000",
        "$REGION us-east 39.04 -77.49 capacity=1000",
        "$CHECK web http port=" + checkPort + " path=/healthz interval=1s timeout=1s rise=1 fall=1",
        "www 30 IN GSLB eu-west " + EU + " check=web",
        "www 30 IN GSLB us-east " + US,
        "$POLICY www geo fallback=none answers=1",
        extra,
        "");
  }

  private List<String> answers() throws IOException {
    return AyaProcess.addresses(node.query("www.cli.test.", Type.A));
  }

  private AyaCli.Run aya(String... args) throws Exception {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    return AyaCli.run(all);
  }

  @Test
  void statusPrintsRegionsEndpointsDrainsAndMembersOfTheNodeNamedByItsConfigFile() throws Exception {
    AyaCli.Run r = await().atMost(Duration.ofSeconds(20)).until(() -> aya("status"),
        run -> run.out().contains(" ok "));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("node cli-n1 at 127.0.0.1:" + node.adminPort)
        .containsPattern("(?m)^REGION +STATE +LOAD +CAPACITY")
        .containsPattern("(?m)^eu-west +up +- +1000 .* 1/1$")
        .containsPattern("(?m)^us-east +up +\\S+ +1000 .* 1/1$")
        .containsPattern("(?m)^" + ENDPOINT + " +eu-west +up +- +ok \\d+ s ago")
        .containsPattern("(?m)^cli.test@192.0.2.10 +us-east +up +- +no check \\(static\\)")
        .contains("MEMBER").containsPattern("(?m)^cli-n1 \\(this node\\) +127.0.0.1:" + node.clusterPort);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void drainFromTheCliMovesDnsAnswersClusterWideAndUndrainBringsThemBack() throws Exception {
    AyaCli.Run drain = AyaCli.run("drain", "eu-*", "--admin", "127.0.0.1:" + node.adminPort,
        "--state-dir", node.dir.resolve("state").toString());
    assertThat(drain.exit()).as(drain.toString()).isZero();
    assertThat(drain.out()).isEqualTo("drained eu-* cluster-wide (regions: eu-west)\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> answers().equals(List.of(US)));

    AyaCli.Run status = aya("status");
    assertThat(status.out()).containsPattern("(?m)^eu-west +DRAINED ")
        .containsPattern("(?m)^drain +eu-\\* +cli-n1 +\\d+ s ago$");

    AyaCli.Run undrain = aya("undrain", "eu-*");
    assertThat(undrain.exit()).as(undrain.toString()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> answers().equals(List.of(EU)));
    assertThat(aya("status").out()).contains("no drains or forces");
  }

  @Test
  void forceDownTakesAnEndpointOutOfTheAnswersAndClearHandsItBackToItsChecks() throws Exception {
    AyaCli.Run down = aya("force-down", ENDPOINT);
    assertThat(down.exit()).as(down.toString()).isZero();
    assertThat(down.out()).isEqualTo("forced down " + ENDPOINT + " cluster-wide (endpoints: " + ENDPOINT + ")\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> answers().equals(List.of(US)));
    assertThat(aya("status").out()).containsPattern("(?m)^" + ENDPOINT + " +eu-west +DOWN +force-down ");

    AyaCli.Run clear = aya("clear", "*@" + EU);
    assertThat(clear.exit()).as(clear.toString()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> answers().equals(List.of(EU)));

    AyaCli.Run up = aya("force-up", ENDPOINT);
    assertThat(up.exit()).as(up.toString()).isZero();
    assertThat(endpointOverride()).isEqualTo("force-up");
    assertThat(aya("clear", ENDPOINT).exit()).isZero();
    assertThat(endpointOverride()).isNull();
  }

  private String endpointOverride() throws IOException {
    for (JsonNode r : JSON.readTree(node.get("/api/v1/regions").body()).get("regions")) {
      for (JsonNode e : r.get("endpoints")) {
        if (ENDPOINT.equals(e.path("key").asText()) && e.path("override").path("active").asBoolean()) {
          return e.path("override").path("kind").asText();
        }
      }
    }
    return null;
  }

  @Test
  void loadReportsTheRegionsLoadInItsCapacityUnits() throws Exception {
    AyaCli.Run r = aya("load", "us-east", "420");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("reported load 420.0 for us-east\n");
    JsonNode regions = JSON.readTree(node.get("/api/v1/regions").body());
    JsonNode us = null;
    for (JsonNode x : regions.get("regions")) {
      us = x.get("name").asText().equals("us-east") ? x : us;
    }
    assertThat(us.path("lastLoadReport").path("load").asDouble()).isEqualTo(420.0);
    assertThat(aya("load", "us-east", "-1").exit()).isEqualTo(2);
  }

  @Test
  void reloadReportsEachFileAndABrokenFileExitsOneWithFileLineMessageWhileTheOldZoneServes() throws Exception {
    int port = Integer.parseInt(Files.readString(zoneFile).replaceAll("(?s).*port=(\\d+).*", "$1"));
    try {
      Files.writeString(zoneFile, zone(2, port, ""));
      AyaCli.Run ok = aya("reload");
      assertThat(ok.exit()).as(ok.toString()).isZero();
      assertThat(ok.out()).contains("loaded  " + zoneFile + "  (cli.test.)").contains("1 zone(s) served, changed");

      Files.writeString(zoneFile, zone(3, port, "ftp 30 IN GSLB mars 192.0.2.99"));
      AyaCli.Run bad = aya("reload");
      assertThat(bad.exit()).as(bad.toString()).isEqualTo(1);
      assertThat(bad.out()).contains("failed  " + zoneFile).contains(zoneFile + ":11: ").contains("mars")
          .contains("reload failed: the files above keep their previous versions");
      assertThat(answers()).isEqualTo(List.of(EU));
      AyaCli.Run badEverywhere = aya("reload", "--cluster");
      assertThat(badEverywhere.exit()).as(badEverywhere.toString()).isEqualTo(1);
      assertThat(badEverywhere.out()).contains("member cli-n1: FAILED: ").contains("(serials: cli.test. 2)")
          .contains(zoneFile + ":11: ").contains("reload failed on a member");
    } finally {
      Files.writeString(zoneFile, zone(4, port, ""));
      AyaCli.Run everywhere = aya("reload", "--cluster");
      assertThat(everywhere.exit()).as(everywhere.toString()).isZero();
      assertThat(everywhere.out()).contains("member cli-n1: ok (serials: cli.test. 4)").contains("reloaded on 1 member(s)");
    }
  }

  @Test
  void anUnknownRegionIsOneLineFromTheNodeAndExitOne() throws Exception {
    AyaCli.Run r = aya("drain", "mars");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("aya drain: region: 'mars' ").contains("eu-west").endsWith("(HTTP 404)\n")
        .hasLineCount(1);
  }

  @Test
  void noNodeAtTheAddressIsOneLineAndExitThree() throws Exception {
    int port = AyaProcess.freePort();
    AyaCli.Run r = AyaCli.run("status", "--admin", "127.0.0.1:" + port);
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).isEqualTo("aya status: no AYA admin API at 127.0.0.1:" + port + " (connection refused)\n");
  }

  @Test
  void aWrongOrMissingTokenIsOneLineAndExitFour() throws Exception {
    String admin = "127.0.0.1:" + node.adminPort;
    AyaCli.Run wrong = AyaCli.run(Map.of("AYA_ADMIN_TOKEN", "not-the-right-token-at-all"), "drain", "eu-west", "--admin", admin);
    assertThat(wrong.exit()).isEqualTo(4);
    assertThat(wrong.err()).isEqualTo("aya drain: the node at " + admin
        + " refused the admin token from AYA_ADMIN_TOKEN (401)\n");

    Path empty = Files.createDirectories(tmp.resolve("empty-state"));
    AyaCli.Run missing = AyaCli.run("undrain", "eu-west", "--admin", admin, "--state-dir", empty.toString());
    assertThat(missing.exit()).isEqualTo(4);
    assertThat(missing.err()).startsWith("aya undrain: no admin token: none in " + empty.resolve("admin-token"))
        .hasLineCount(1);
    assertThat(answers()).isEqualTo(List.of(EU));
  }
}
