package io.aya.gslb.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aya.gslb.dns.DnsConfig;
import io.aya.gslb.health.ColdStart;
import io.aya.gslb.health.Quorum;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Function<String, String> NO_ENV = name -> null;

  @TempDir Path dir;

  private Path file(String... lines) throws IOException {
    Path f = dir.resolve("aya.json");
    Files.writeString(f, String.join("\n", lines) + "\n");
    return f;
  }

  private static ConfigLoader.Settings flags(Consumer<ConfigLoader.Settings> set) {
    ConfigLoader.Settings s = new ConfigLoader.Settings();
    s.node = "n1";
    set.accept(s);
    return s;
  }

  private ServerConfig load(Consumer<ConfigLoader.Settings> set) {
    return ConfigLoader.load(null, flags(set), NO_ENV);
  }

  @Test
  void defaultsServeLoopbackWithTheDocumentedPortsAndPolicies() {
    ServerConfig c = load(s -> {});
    assertThat(c.dns().listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 5353));
    assertThat(c.admin().address()).isEqualTo(new InetSocketAddress("127.0.0.1", 8053));
    assertThat(c.cluster().port()).isEqualTo(5701);
    assertThat(c.cluster().host()).isEqualTo("127.0.0.1");
    assertThat(c.cluster().name()).isEqualTo("aya");
    assertThat(c.cluster().members()).isEmpty();
    assertThat(c.health().quorum()).isEqualTo(Quorum.MAJORITY);
    assertThat(c.health().coldStart()).isEqualTo(ColdStart.ASSUME_UP);
    assertThat(c.cluster().probeRedundancy()).isEqualTo(2);
    assertThat(c.admin().token()).isNull();
    assertThat(c.dns().tcpIdleTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.sources().zones()).isEqualTo(ConfigLoader.home().resolve("zones"));
  }

  @Test
  void clusterMembersMayBeOneCommaSeparatedStringInTheConfigFile() throws IOException {
    Path f = file("{\"cluster-members\": \"10.0.0.1:5701, 10.0.0.2:5701\"}");
    ServerConfig c = ConfigLoader.load(f, flags(s -> {}), NO_ENV);
    assertThat(c.cluster().members()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
  }

  @Test
  void tcpLimitsComeFromTheFileAndDefaultTo256PerNetworkAndATwoSecondFrameDeadline() throws IOException {
    ServerConfig defaults = load(s -> {});
    assertThat(defaults.dns().maxTcpConnections()).isEqualTo(1024);
    assertThat(defaults.dns().maxTcpPerNetwork()).isEqualTo(256);
    assertThat(defaults.dns().tcpFrameTimeout()).isEqualTo(Duration.ofSeconds(2));
    Path f = file("{\"max-tcp-connections\": 5000, \"max-tcp-per-network\": 32, \"tcp-frame-timeout-seconds\": 5}");
    ServerConfig c = ConfigLoader.load(f, flags(s -> {}), NO_ENV);
    assertThat(c.dns().maxTcpConnections()).isEqualTo(5000);
    assertThat(c.dns().maxTcpPerNetwork()).isEqualTo(32);
    assertThat(c.dns().tcpFrameTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void forwardingTimeoutsAndLimitsComeFromTheFileAndDefaultToTheDocumentedValues() throws IOException {
    ServerConfig defaults = load(s -> {
      s.region = "eu";
      s.forwardAddress = "192.0.2.80";
    });
    assertThat(defaults.forwarding().settings()).isEqualTo(io.aya.gslb.forward.ForwardSettings.DEFAULTS);
    Path f = file("{\"region\": \"eu\", \"forward-address\": \"192.0.2.80\", \"forward-connect-timeout-ms\": 500,",
        "\"forward-idle-timeout-seconds\": 60, \"forward-drain-timeout-seconds\": 0, \"forward-max-connections\": 10,",
        "\"forward-eject-after\": 0, \"forward-eject-retry-seconds\": 3, \"forward-udp-idle-timeout-seconds\": 5,",
        "\"forward-max-udp-flows\": 7}");
    io.aya.gslb.forward.ForwardSettings s = ConfigLoader.load(f, flags(x -> {}), NO_ENV).forwarding().settings();
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.drainTimeout()).isEqualTo(Duration.ZERO);
    assertThat(s.maxConnections()).isEqualTo(10);
    assertThat(s.ejectAfter()).isEqualTo(io.aya.gslb.forward.ForwardSettings.NEVER_EJECT);
    assertThat(s.ejectRetry()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.udpIdleTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.maxUdpFlows()).isEqualTo(7);
  }

  @Test
  void aForwardingSettingOutOfRangeNamesTheKeyAndTheRange() {
    assertThatThrownBy(() -> load(s -> s.forwardConnectTimeoutMs = 0))
        .hasMessage("forward-connect-timeout-ms: 0 (expected: 1..60000)");
    assertThatThrownBy(() -> load(s -> s.forwardIdleTimeoutSeconds = 0))
        .hasMessage("forward-idle-timeout-seconds: 0 (expected: 1..86400)");
    assertThatThrownBy(() -> load(s -> s.forwardDrainTimeoutSeconds = -1))
        .hasMessage("forward-drain-timeout-seconds: -1 (expected: 0..86400)");
    assertThatThrownBy(() -> load(s -> s.forwardMaxConnections = 0))
        .hasMessage("forward-max-connections: 0 (expected: 1..10000000)");
    assertThatThrownBy(() -> load(s -> s.forwardEjectAfter = 1001))
        .hasMessage("forward-eject-after: 1001 (expected: 0..1000)");
    assertThatThrownBy(() -> load(s -> s.forwardEjectRetrySeconds = 0))
        .hasMessage("forward-eject-retry-seconds: 0 (expected: 1..3600)");
    assertThatThrownBy(() -> load(s -> s.forwardUdpIdleTimeoutSeconds = 3601))
        .hasMessage("forward-udp-idle-timeout-seconds: 3601 (expected: 1..3600)");
    assertThatThrownBy(() -> load(s -> s.forwardMaxUdpFlows = 0))
        .hasMessage("forward-max-udp-flows: 0 (expected: 1..10000000)");
  }

  @Test
  void aSettingOfTheWrongKindIsOneLineWithoutJacksonWords() throws IOException {
    Path f = file("{", "  \"cluster-members\": {\"a\": 1}", "}");
    assertThatThrownBy(() -> ConfigLoader.load(f, flags(s -> {}), NO_ENV))
        .hasMessage(f + ":2: cluster-members: expected a list of strings, or one string of values separated by commas");
    Path g = file("{\"cluster-port\": \"many\"}");
    assertThatThrownBy(() -> ConfigLoader.load(g, flags(s -> {}), NO_ENV))
        .hasMessage(g + ":1: cluster-port: expected a whole number");
  }

  @Test
  void defaultNodeNameIsAValidNodeName() {
    ServerConfig c = ConfigLoader.load(null, new ConfigLoader.Settings(), NO_ENV);
    assertThat(c.cluster().nodeName()).matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  }

  @Test
  void unknownSettingInTheFileIsReportedWithFileLineAndName() throws IOException {
    Path f = file("{", "  \"dns\": \"127.0.0.1:53\",", "  \"colour\": \"blue\"", "}");
    assertThatThrownBy(() -> ConfigLoader.load(f, flags(s -> {}), NO_ENV))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(f + ":3: unknown setting 'colour'")
        .hasMessageContaining("cluster-members");
  }

  @Test
  void valueOfTheWrongTypeInTheFileNamesFileLineAndSetting() throws IOException {
    Path f = file("{", "  \"event-loops\": \"many\"", "}");
    assertThatThrownBy(() -> ConfigLoader.load(f, flags(s -> {}), NO_ENV))
        .hasMessageStartingWith(f + ":2: event-loops: ");
  }

  @Test
  void malformedJsonIsReportedWithItsLine() throws IOException {
    Path f = file("{", "  \"dns\": \"127.0.0.1:53\"", "  \"admin\": \"127.0.0.1:8053\"", "}");
    assertThatThrownBy(() -> ConfigLoader.load(f, flags(s -> {}), NO_ENV))
        .hasMessageStartingWith(f + ":3: not valid JSON");
  }

  @Test
  void emptyOrNullFileIsReported() throws IOException {
    Path f = file("null");
    assertThatThrownBy(() -> ConfigLoader.load(f, flags(s -> {}), NO_ENV))
        .hasMessageStartingWith(f + ":1: expected a JSON object");
  }

  @Test
  void rrlRateComesFromTheFlagOrTheFileAndDefaultsTo200WithLoopbackExempt() throws IOException {
    assertThat(load(s -> {}).dns().rrl()).isEqualTo(new DnsConfig.Rrl(200, 2, List.of("127.0.0.0/8", "::1/128")));
    Path f = file("{\"rrl-rate\": 0, \"rrl-slip\": 3, \"rrl-exempt\": [\"192.0.2.0/24\"]}");
    assertThat(ConfigLoader.load(f, flags(s -> {}), NO_ENV).dns().rrl()).isEqualTo(new DnsConfig.Rrl(0, 3, List.of("192.0.2.0/24")));
    assertThat(ConfigLoader.load(f, flags(s -> s.rrlRate = 50), NO_ENV).dns().rrl().rate()).isEqualTo(50);
    assertThatThrownBy(() -> load(s -> s.rrlRate = -3)).hasMessage("rrl-rate: -3 (expected: 0..1000000, 0 = off)");
  }

  @Test
  void flagsOverrideTheFileWhichOverridesDefaults() throws IOException {
    Path f = file("{",
        "  \"dns\": \"127.0.0.1:1053\",",
        "  \"admin\": \"127.0.0.1:18053\",",
        "  \"node\": \"from-file-0123456789\",",
        "  \"quorum\": \"all\",",
        "  \"zones\": \"my-zones\",",
        "  \"cluster-members\": [\"10.0.0.2:5701\", \" \", \"10.0.0.3:5701\"]",
        "}");
    ServerConfig c = ConfigLoader.load(f, flags(s -> {
      s.node = "from-flag";
      s.dns = "127.0.0.1:2053";
      s.stateDir = "st";
    }), NO_ENV);
    assertThat(c.cluster().nodeName()).isEqualTo("from-flag");
    assertThat(c.dns().listen().getPort()).isEqualTo(2053);
    assertThat(c.admin().address().getPort()).isEqualTo(18053);
    assertThat(c.health().quorum()).isEqualTo(Quorum.ALL);
    assertThat(c.cluster().members()).containsExactly("10.0.0.2:5701", "10.0.0.3:5701");
    // relative paths: in the file against the file's directory, in flags against the working directory
    assertThat(c.sources().zones()).isEqualTo(dir.resolve("my-zones"));
    assertThat(c.stateDir()).isEqualTo(Path.of("").toAbsolutePath().resolve("st"));
  }

  @Test
  void invalidValuesNameTheSettingAndTheAllowedRange() {
    Map<Consumer<ConfigLoader.Settings>, String> cases = new java.util.LinkedHashMap<>();
    cases.put(s -> s.clusterPort = 70000, "cluster-port: 70000 (expected: 0..65535)");
    cases.put(s -> s.eventLoops = 0, "event-loops: 0 (expected: 1..256)");
    cases.put(s -> s.udpSockets = 300, "udp-sockets: 300 (expected: 1..256)");
    cases.put(s -> s.probeRedundancy = 0, "probe-redundancy: 0 (expected: 1..64)");
    cases.put(s -> s.maxTcpConnections = 0, "max-tcp-connections: 0 (expected: 1..1000000)");
    cases.put(s -> s.tcpIdleTimeoutSeconds = 0, "tcp-idle-timeout-seconds: 0 (expected: 1..3600)");
    cases.put(s -> s.maxTcpPerNetwork = 0, "max-tcp-per-network: 0 (expected: 1..1000000)");
    cases.put(s -> s.tcpFrameTimeoutSeconds = 61, "tcp-frame-timeout-seconds: 61 (expected: 1..60)");
    cases.put(s -> s.quorum = "most", "quorum: most (expected: any, majority or all)");
    cases.put(s -> s.coldStart = "later", "cold-start: later (expected: assume-up or wait-first-round)");
    cases.put(s -> s.dns = "localhost", "dns: localhost (expected: HOST:PORT)");
    cases.put(s -> s.dns = "127.0.0.1:99999", "dns port: 99999 (expected: 0..65535)");
    cases.put(s -> s.admin = "127.0.0.1:http", "admin: 127.0.0.1:http (expected: HOST:PORT with a numeric port)");
    cases.put(s -> s.admin = "::1:80", "admin: ::1:80 (expected: [IPv6]:PORT for IPv6 hosts)");
    cases.put(s -> s.node = "-n", "node: '-n' (expected: 1..63 letters, digits, '.', '_' or '-', starting with a letter or digit)");
    cases.put(s -> s.clusterName = "a b", "cluster-name: 'a b' (expected: 1..63");
    cases.put(s -> s.clusterMembers = List.of("10.0.0.2"), "cluster-members: 10.0.0.2 (expected: HOST:PORT)");
    cases.put(s -> s.clusterMembers = List.of("10.0.0.2:0"), "cluster-members: 10.0.0.2:0 (expected: HOST:PORT with port 1..65535)");
    for (Map.Entry<Consumer<ConfigLoader.Settings>, String> c : cases.entrySet()) {
      assertThatThrownBy(() -> load(c.getKey()))
          .as(c.getValue())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(c.getValue());
    }
  }

  @Test
  void ipv6ListenAddressesUseBrackets() {
    ServerConfig c = load(s -> s.dns = "[::1]:5353");
    assertThat(c.dns().listen().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(HostPort.format(c.dns().listen())).isEqualTo("[::1]:5353");
  }

  @Test
  void adminTokenComesFromTheEnvironment() {
    ServerConfig c = ConfigLoader.load(null, flags(s -> {}), Map.of("AYA_ADMIN_TOKEN", " t0ken-0123456789ab \n")::get);
    assertThat(c.admin().token()).isEqualTo("t0ken-0123456789ab");
    ServerConfig blank = ConfigLoader.load(null, flags(s -> {}), Map.of("AYA_ADMIN_TOKEN", "  ")::get);
    assertThat(blank.admin().token()).isNull();
  }

  @Test
  void thePlacementForecastIsOnByDefaultAndTheFileOrTheFlagTurnsItOff() throws IOException {
    assertThat(load(s -> {}).placement().forecast()).isTrue();
    Path f = file("{\"placement-forecast\": false}");
    assertThat(ConfigLoader.load(f, flags(s -> {}), NO_ENV).placement().forecast()).isFalse();
    assertThat(ConfigLoader.load(f, flags(s -> s.placementForecast = true), NO_ENV).placement().forecast())
        .as("a flag wins over the file").isTrue();
  }

  @Test
  void blankAdminTokenInTheRecordIsRefused() {
    ServerConfig c = load(s -> {});
    assertThatThrownBy(() -> new ServerConfig(c.dns(), new ServerConfig.Admin(c.admin().address(), " "), c.sources(),
        c.stateDir(), c.cluster(), c.health(), c.forwarding(), c.serverId()))
        .hasMessageStartingWith("admin-token: ");
  }

  @Test
  void adminTokenFileWinsOverTheEnvironment() throws IOException {
    Path token = dir.resolve("token");
    Files.writeString(token, "from-file-0123456789\n");
    ServerConfig c = ConfigLoader.load(null, flags(s -> s.adminTokenFile = token.toString()),
        Map.of("AYA_ADMIN_TOKEN", "from-env-0123456789")::get);
    assertThat(c.admin().token()).isEqualTo("from-file-0123456789");
  }

  @Test
  void missingOrEmptyAdminTokenFileIsAnError() throws IOException {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> load(s -> s.adminTokenFile = missing.toString()))
        .hasMessageStartingWith("admin-token-file: cannot read " + missing);
    Path empty = dir.resolve("empty");
    Files.writeString(empty, "\n");
    assertThatThrownBy(() -> load(s -> s.adminTokenFile = empty.toString()))
        .hasMessage("admin-token-file: " + empty + " is empty (expected: the token)");
  }

  @Test
  void theClusterSecretComesFromItsFileAndAShortOneIsRefused() throws IOException {
    Path good = Files.writeString(dir.resolve("secret"), "0123456789abcdef0123456789abcdef\n");
    assertThat(load(s -> s.clusterSecretFile = good.toString()).cluster().secret())
        .isEqualTo(io.aya.cluster.ClusterSecret.of("0123456789abcdef0123456789abcdef".getBytes()));
    assertThat(load(s -> {}).cluster().secret()).isEqualTo(io.aya.cluster.ClusterSecret.NONE);
    Path shortOne = Files.writeString(dir.resolve("short"), "hunter2");
    assertThatThrownBy(() -> load(s -> s.clusterSecretFile = shortOne.toString()))
        .hasMessage("cluster-secret-file: " + shortOne + ": cluster secret: 7 bytes (expected: at least 16, e.g."
            + " the output of 'openssl rand -hex 32')");
    assertThatThrownBy(() -> load(s -> s.clusterSecretFile = dir.resolve("missing").toString()))
        .hasMessage("cluster-secret-file: cannot read " + dir.resolve("missing") + " (no such file)");
  }

  @Test
  void healthTuningKnobsAreSettableInTheFileAndRefusedWithTheirKeyNameWhenOutOfRange() throws Exception {
    Path f = file("{", "  \"load-ttl-seconds\": 90,", "  \"load-smoothing\": 0.25,", "  \"low-watermark\": 0.6,",
        "  \"high-watermark\": 1.2,", "  \"min-admit-fraction\": 0.1,", "  \"stale-intervals\": 4,",
        "  \"view-tick-seconds\": 2,", "  \"observation-retention-seconds\": 3600,", "  \"health-threads\": 3", "}");
    io.aya.gslb.health.HealthConfig h = ConfigLoader.load(f, new ConfigLoader.Settings(), NO_ENV).health().tuning();
    assertThat(h.loadTtl()).hasSeconds(90);
    assertThat(h.loadSmoothing()).isEqualTo(0.25);
    assertThat(h.lowWatermark()).isEqualTo(0.6);
    assertThat(h.highWatermark()).isEqualTo(1.2);
    assertThat(h.minAdmitFraction()).isEqualTo(0.1);
    assertThat(h.staleIntervals()).isEqualTo(4);
    assertThat(h.viewTick()).hasSeconds(2);
    assertThat(h.observationRetention()).hasSeconds(3600);
    assertThat(h.ioThreads()).isEqualTo(3);

    Path bad = file("{ \"load-ttl-seconds\": 0 }");
    assertThatThrownBy(() -> ConfigLoader.load(bad, new ConfigLoader.Settings(), NO_ENV))
        .hasMessage("load-ttl-seconds: 0 (expected: 1..86400)");
    Path inverted = file("{ \"low-watermark\": 0.9, \"high-watermark\": 0.5 }");
    assertThatThrownBy(() -> ConfigLoader.load(inverted, new ConfigLoader.Settings(), NO_ENV))
        .hasMessage("low-watermark: 0.9 (expected: (0, high-watermark=0.5])");
    Path text = file("{ \"load-smoothing\": \"half\" }");
    assertThatThrownBy(() -> ConfigLoader.load(text, new ConfigLoader.Settings(), NO_ENV))
        .hasMessageContaining("load-smoothing: expected a number");
  }
}
