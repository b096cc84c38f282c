package io.aya.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aya serve} that cannot start says why in one sentence on stderr and exits 1 (2 for a bad setting):
 * no Java class names, no stack trace, and nothing joined or probed before the ports were found free.
 * {@code --version} prints the version; {@code aya explain} without a server says so.
 */
class StartupFailuresIT {
  @TempDir Path tmp;
  Path zones;

  @BeforeEach
  void zones() throws IOException {
    zones = Files.createDirectories(tmp.resolve("zones"));
    Files.writeString(zones.resolve("fail.test.zone"), String.join("\n",
        "$ORIGIN fail.test.",
        "@ 60 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 60 IN NS ns1",
        "ns1 60 IN A 192.0.2.53",
        ""));
  }

  private CommandLine.Result serve(String... extra) throws Exception {
    Map<String, String> options = new LinkedHashMap<>(Map.of("--zones", zones.toString(), "--geo", "",
        "--networks", "", "--dns", "127.0.0.1:0", "--admin", "127.0.0.1:0", "--cluster-port", "0",
        "--state-dir", tmp.resolve("state").toString(), "--node", "fail1"));
    for (int i = 0; i < extra.length; i += 2) {
      options.put(extra[i], extra[i + 1]);
    }
    List<String> args = new ArrayList<>(List.of("serve"));
    options.forEach((k, v) -> args.addAll(List.of(k, v)));
    return CommandLine.aya(tmp, Map.of("AYA_ADMIN_TOKEN", "startup-failures-token-0123456789"), args.toArray(String[]::new));
  }

  /** The one line the operator reads, checked to be free of Java noise. */
  private static String reason(CommandLine.Result r) {
    assertThat(r.exit()).as(r.all()).isEqualTo(1);
    assertThat(r.all()).as("no stack trace or class names").doesNotContain("\tat ").doesNotContain("Exception")
        .doesNotContain("java.").doesNotContain("null");
    List<String> lines = r.stderr().lines().filter(l -> l.startsWith("aya serve: ")).toList();
    assertThat(lines).as(r.all()).hasSize(1);
    return lines.get(0);
  }

  @Test
  void aStateDirectoryThatCannotBeWrittenStopsTheStartInOneLine() throws Exception {
    Path file = Files.writeString(tmp.resolve("plain-file"), "x");
    String line = reason(serve("--state-dir", file.resolve("state").toString()));
    assertThat(line).contains("state-dir: " + file.resolve("state") + " is not writable (not a directory)");
  }

  @Test
  void aBusyClusterPortIsOneSentenceWithoutHazelcastStackTrace() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String line = reason(serve("--cluster-port", Integer.toString(busy.getLocalPort())));
      assertThat(line).isEqualTo("aya serve: cluster-host/cluster-port: cannot listen on 127.0.0.1:"
          + busy.getLocalPort() + " TCP: address already in use (another process holds it: stop it or choose another port)");
    }
  }

  @Test
  void aBusyDnsPortIsFoundBeforeJoiningTheCluster() throws Exception {
    try (DatagramSocket busy = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      CommandLine.Result r = serve("--dns", "127.0.0.1:" + busy.getLocalPort());
      assertThat(reason(r)).startsWith("aya serve: dns: cannot listen on 127.0.0.1:" + busy.getLocalPort()
          + " UDP: address already in use");
      assertThat(r.all()).doesNotContain("Cluster node").doesNotContain("started at");
    }
  }

  @Test
  void aBusyAdminPortIsFoundBeforeJoiningTheCluster() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CommandLine.Result r = serve("--admin", "127.0.0.1:" + busy.getLocalPort());
      assertThat(reason(r)).startsWith("aya serve: admin: cannot listen on 127.0.0.1:" + busy.getLocalPort()
          + " TCP: address already in use");
      assertThat(r.all()).doesNotContain("Cluster node");
    }
  }

  @Test
  void aClusterHostThatIsNotAnAddressOfThisMachineIsOneSentence() throws Exception {
    String line = reason(serve("--cluster-host", "192.0.2.77"));
    assertThat(line).startsWith("aya serve: cluster-host/cluster-port: cannot listen on 192.0.2.77:0 TCP: ")
        .endsWith("(not an address of this host)");
  }

  @Test
  void missingZonesDirectoryAndGeoFileAreNamedWithoutClassNames() throws Exception {
    assertThat(reason(serve("--zones", tmp.resolve("nowhere").toString())))
        .isEqualTo("aya serve: zones: " + tmp.resolve("nowhere") + " does not exist (expected: a directory of *.zone files; set --zones DIR)");
    assertThat(serve("--geo", tmp.resolve("nowhere.mmdb").toString()).stderr())
        .contains(tmp.resolve("nowhere.mmdb") + ": no such file").doesNotContain("Exception");
  }

  @Test
  void aMissingTokenFileOrConfigFileIsASettingErrorWithExitStatus2() throws Exception {
    CommandLine.Result r = serve("--admin-token-file", tmp.resolve("no-token").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr().strip())
        .isEqualTo("aya serve: admin-token-file: cannot read " + tmp.resolve("no-token") + ": no such file or directory");
    CommandLine.Result c = serve("--config", tmp.resolve("no.json").toString());
    assertThat(c.exit()).isEqualTo(2);
    assertThat(c.stderr().strip()).isEqualTo("aya serve: " + tmp.resolve("no.json") + ": cannot read: no such file or directory");
  }

  @Test
  void versionIsPrintedByServeAndCheckZone() throws Exception {
    for (String command : List.of("serve", "check-zone")) {
      CommandLine.Result r = CommandLine.aya(tmp, Map.of(), command, "--version");
      assertThat(r.exit()).isZero();
      assertThat(r.stdout().strip()).matches("AYA GSLB \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
  }

  @Test
  void explainWithNoServerRunningSaysSoInOneLine() throws Exception {
    int port = AyaProcess.freePort();
    CommandLine.Result r = CommandLine.aya(tmp, Map.of(), "explain", "www.fail.test", "--client", "192.0.2.1",
        "--admin", "127.0.0.1:" + port);
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.stderr().strip()).isEqualTo("aya explain: cannot reach the admin API at 127.0.0.1:" + port
        + ": no AYA node is listening there (is `aya serve` running? --admin HOST:PORT names another node)");
    assertThat(r.stdout()).isEmpty();
  }
}
