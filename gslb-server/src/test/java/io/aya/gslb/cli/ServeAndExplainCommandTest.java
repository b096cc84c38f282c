package io.aya.gslb.cli;

import static io.aya.gslb.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.aya.gslb.config.HostPort;
import io.aya.gslb.node.AyaNode;
import io.aya.gslb.node.TestNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aya serve} failing before it serves (exit 2: configuration, exit 1: startup) and {@code aya explain}. */
class ServeAndExplainCommandTest {
  @TempDir Path dir;

  private Path zones(String extra) throws IOException {
    Path z = dir.resolve("zones");
    Files.createDirectories(z);
    Files.writeString(z.resolve("example.test.zone"), String.join("\n",
        "$ORIGIN example.test.",
        "@ 300 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        "$REGION eu-west 53.35 -6.26",
        extra,
        ""));
    return z;
  }

  @Test
  void serveWithAnUnknownConfigSettingExitsTwoNamingFileAndLine() throws IOException {
    Path config = dir.resolve("aya.json");
    Files.writeString(config, "{\n  \"dns\": \"127.0.0.1:0\",\n  \"colour\": \"blue\"\n}\n");
    CommandRun r = run("serve", "--config", config.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("aya serve: " + config + ":3: unknown setting 'colour'");
  }

  @Test
  void serveWithAnInvalidFlagValueExitsTwoNamingTheSetting() {
    CommandRun r = run("serve", "--quorum", "most");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("quorum: most (expected: any, majority or all)");
  }

  @Test
  void serveWithABrokenZoneExitsOneWithFileLineMessage() throws IOException {
    Path zones = zones("www IN GSLB nowhere 192.0.2.10");
    CommandRun r = run("serve", "--zones", zones.toString(), "--dns", "127.0.0.1:0", "--admin", "127.0.0.1:0",
        "--cluster-port", "0", "--state-dir", dir.resolve("state").toString(), "--geo", "", "--networks", "");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains(zones.resolve("example.test.zone") + ":6: ").contains("nowhere");
  }

  @Test
  void explainAsksARunningNodeAndPrintsItsJson() throws Exception {
    try (AyaNode node = AyaNode.start(TestNode.config(zones("www IN GSLB eu-west 192.0.2.10"), dir.resolve("state")))) {
      String admin = HostPort.format(node.adminAddress());
      CommandRun ok = run("explain", "www.example.test", "A", "--client", "198.51.100.7", "--admin", admin);
      assertThat(ok.exit()).isZero();
      assertThat(ok.out()).contains("\"name\" : \"www.example.test.\"").contains("192.0.2.10");

      CommandRun unknown = run("explain", "nope.example.test", "--client", "198.51.100.7", "--admin", admin);
      assertThat(unknown.exit()).isEqualTo(1);
      assertThat(unknown.out()).contains("\"status\" : 404");
    }
  }

  @Test
  void explainWithoutANodeToAskExitsThree() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = free.getLocalPort();
    }
    CommandRun r = run("explain", "www.example.test", "--client", "198.51.100.7", "--admin", "127.0.0.1:" + port);
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains("cannot reach the admin API at 127.0.0.1:" + port);
  }
}
