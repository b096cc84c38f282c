package io.aya.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * What packaging/ ships: the systemd unit passes {@code systemd-analyze verify}; the container's jlink module
 * list is enough to run a node (checked with {@code java --limit-modules}, which restricts the JDK to exactly
 * those modules, as the jlink'd runtime would; no container engine is needed); {@code ./aya package} builds a
 * tarball whose launcher runs.
 */
class PackagingIT {
  private static final Path ROOT = AyaProcess.ROOT.toAbsolutePath().normalize();
  @TempDir Path tmp;

  record Run(int exit, String output) {}

  private static Run run(Path workDir, List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  void theSystemdUnitPassesSystemdAnalyzeVerifyAndIsHardened() throws Exception {
    String unit = Files.readString(ROOT.resolve("packaging/aya.service"));
    for (String option : List.of("NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
        "AmbientCapabilities=CAP_NET_BIND_SERVICE", "CapabilityBoundingSet=CAP_NET_BIND_SERVICE", "StateDirectory=aya",
        "ExecReload=/bin/kill -HUP $MAINPID", "RestartPreventExitStatus=1 2")) {
      assertThat(unit).contains(option);
    }
    // verify checks that ExecStart's program exists: point it at this checkout's launcher
    assertThat(unit).contains("ExecStart=/opt/aya/aya serve");
    Path copy = tmp.resolve("aya.service");
    Files.writeString(copy, unit.replace("/opt/aya/aya", ROOT.resolve("aya").toString()));
    Run r = run(tmp, List.of("systemd-analyze", "verify", "--man=no", copy.toString()));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).as("no warnings").isBlank();
  }

  @Test
  void theContainerModuleListIsEnoughToServe() throws Exception {
    Matcher m = Pattern.compile("--add-modules ([a-z0-9.,]+)")
        .matcher(Files.readString(ROOT.resolve("packaging/Containerfile")));
    assertThat(m.find()).isTrue();
    String modules = m.group(1);
    int dns = AyaProcess.freePort();
    int admin = AyaProcess.freePort();
    Path log = tmp.resolve("node.log");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--limit-modules", modules, "-Xmx256m", "-XX:+UseSerialGC", "-Daya.home=" + ROOT,
        "-jar", AyaProcess.JAR.toAbsolutePath().toString(), "serve", "--node", "jlinked",
        "--dns", "127.0.0.1:" + dns, "--admin", "127.0.0.1:" + admin, "--cluster-port", "0",
        "--state-dir", tmp.resolve("state").toString(), "--event-loops", "1"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("AYA_ADMIN_TOKEN", AyaProcess.TOKEN);
    Process p = pb.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
        assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/healthz")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
      });
      org.xbill.DNS.SimpleResolver r = new org.xbill.DNS.SimpleResolver(new java.net.InetSocketAddress("127.0.0.1", dns));
      r.setTimeout(Duration.ofSeconds(3));
      org.xbill.DNS.Message reply = r.send(org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
          org.xbill.DNS.Name.fromString("www.example.com."), Type.A, org.xbill.DNS.DClass.IN)));
      assertThat(AyaProcess.addresses(reply)).isNotEmpty();
    } finally {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(Files.readString(log)).doesNotContain("NoClassDefFoundError").doesNotContain("ClassNotFoundException")
        .doesNotContain("ExtendedSocketOptions");
  }

  @Test
  void ayaPackageBuildsATarballWhoseLauncherRuns() throws Exception {
    Run built = run(ROOT, List.of(ROOT.resolve("aya").toString(), "package", tmp.toString()));
    assertThat(built.exit()).as(built.output()).isZero();
    Path tarball = Path.of(built.output().strip().lines().reduce((a, b) -> b).orElseThrow());
    assertThat(tarball.getFileName().toString()).matches("aya-.+\\.tar\\.gz");
    Run list = run(tmp, List.of("tar", "tzf", tarball.toString()));
    String dir = tarball.getFileName().toString().replace(".tar.gz", "");
    assertThat(list.output()).contains(dir + "/aya\n", dir + "/gslb-server/target/aya.jar\n",
        dir + "/packaging/aya.service\n", dir + "/docs/operations.md\n", dir + "/zones/");
    assertThat(run(tmp, List.of("tar", "xzf", tarball.toString())).exit()).isZero();
    Run version = run(tmp, List.of(tmp.resolve(dir).resolve("aya").toString(), "check-zone", tmp.resolve(dir).resolve("zones").toString()));
    assertThat(version.exit()).as(version.output()).isZero();
    assertThat(version.output()).doesNotContain("building").contains("OK");
  }
}
