package io.aya.gslb.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus page an operator alerts on: {@code promtool check metrics} accepts the live /metrics, every
 * meter of ours is {@code aya_*}, the health gauges follow the view, and the shipped alert rules
 * (docs/prometheus/alerts.yml, {@code promtool check rules}) and Grafana dashboard (docs/grafana/aya.json)
 * query only metrics that the node exports.
 */
class MetricsExpositionTest {
  private static final Path DOCS = Path.of("..", "docs");
  private static final Pattern METRIC = Pattern.compile("\\b(aya_[a-z0-9_]+)");
  @TempDir static Path dir;
  static AyaNode node;

  @BeforeAll
  static void start() throws Exception {
    Path zones = dir.resolve("zones");
    TestNode.write(zones.resolve("metrics.test.zone"), String.join("\n",
        "$ORIGIN metrics.test.",
        "@ 300 IN SOA ns1 hostmaster 2026120301 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        "$REGION eu-west 53.35 -6.26",
        "$REGION us-east 39.04 -77.49",
        // nothing listens on port 9 of 192.0.2.1 (TEST-NET): the check fails, the endpoint goes down
        "$CHECK web tcp port=9 interval=1s timeout=200ms rise=1 fall=1",
        "www IN GSLB eu-west 192.0.2.1 check=web",
        "    IN GSLB us-east 192.0.2.20",
        "$POLICY www priority=eu-west,us-east answers=1 fallback=none",
        ""));
    node = AyaNode.start(TestNode.config(zones, dir.resolve("state")));
    // the first query of a cold JVM on a busy machine may miss TestNode's 2 s timeout
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> !TestNode.a(node, "www.metrics.test.").isEmpty());
    assertThat(TestNode.postAuthed(node, "/api/v1/zones/reload").status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static String scrape() {
    TestNode.Reply r = TestNode.get(node, "/metrics");
    assertThat(r.status()).isEqualTo(200);
    return r.body();
  }

  /** Metric family names on the page, with the _bucket/_count/_sum/_total/_max forms as exported. */
  private static Set<String> exported(String page) {
    Set<String> names = new TreeSet<>();
    for (String line : page.split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        names.add(line.replaceFirst("[{ ].*", ""));
      }
    }
    return names;
  }

  private static Set<String> ayaNamesIn(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static Run run(String stdin, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  record Run(int exit, String output) {}

  @Test
  void promtoolAcceptsTheLiveMetricsPage() throws Exception {
    Run r = run(scrape(), "promtool", "check", "metrics");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).isEmpty();
  }

  @Test
  void everyMetricOfOursHasTheAyaPrefixAndTheLatencyIsAHistogram() {
    Set<String> names = exported(scrape());
    for (String n : names) {
      assertThat(n).as("only aya_ and the standard jvm_/process_/system_ families")
          .matches("(aya|jvm|process|system|executor|disk)_.*");
    }
    assertThat(names).contains("aya_dns_queries_total", "aya_dns_answer_latency_seconds_bucket",
        "aya_zone_serial", "aya_zone_reloads_total", "aya_cluster_propagation_delay_seconds",
        "aya_endpoint_up", "aya_region_drained", "aya_region_admit_fraction");
    assertThat(scrape()).contains("aya_zone_reloads_total{node=\"n1\",result=\"success\"} 1.0")
        .contains("aya_zone_serial{node=\"n1\",zone=\"metrics.test.\"} 2.026120301E9");
  }

  @Test
  void endpointAndDrainGaugesFollowTheHealthView() {
    String endpoint = "metrics.test/web@192.0.2.1";
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape()).contains(
        "aya_endpoint_up{endpoint=\"" + endpoint + "\",node=\"n1\",region=\"eu-west\",zone=\"metrics.test\"} 0.0"));
    assertThat(scrape()).contains("aya_region_drained{node=\"n1\",region=\"us-east\"} 0.0");
    assertThat(TestNode.postAuthed(node, "/api/v1/regions/us-east/drain").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(scrape()).contains("aya_region_drained{node=\"n1\",region=\"us-east\"} 1.0"));
    assertThat(TestNode.postAuthed(node, "/api/v1/regions/us-east/undrain").status()).isEqualTo(200);
  }

  @Test
  void shippedAlertRulesPassPromtoolAndUseExportedMetrics() throws Exception {
    Path rules = DOCS.resolve("prometheus/alerts.yml");
    Run r = run(null, "promtool", "check", "rules", rules.toString());
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS: ");
    String text = java.nio.file.Files.readString(rules);
    for (String alert : List.of("AyaRegionDown", "AyaEndpointFlapping", "AyaNodeMissingFromCluster",
        "AyaZoneSerialMismatch")) {
      assertThat(text).contains("alert: " + alert);
    }
    Set<String> names = ayaNamesIn(text);
    assertThat(names).isNotEmpty();
    assertThat(exported(scrape())).containsAll(names);
  }

  @Test
  void dashboardPanelsEachQueryMetricsThatExist() throws Exception {
    JsonNode dash = new ObjectMapper().readTree(DOCS.resolve("grafana/aya.json").toFile());
    assertThat(dash.path("title").asText()).isNotBlank();
    assertThat(dash.path("uid").asText()).isNotBlank();
    JsonNode panels = dash.path("panels");
    assertThat(panels.isArray()).isTrue();
    assertThat(panels.size()).isGreaterThanOrEqualTo(8);
    Set<String> exported = exported(scrape());
    Set<Integer> ids = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (JsonNode p : panels) {
      String title = p.path("title").asText();
      assertThat(ids.add(p.path("id").asInt())).as("unique panel id " + title).isTrue();
      assertThat(p.path("gridPos").path("w").asInt()).as(title).isBetween(1, 24);
      JsonNode targets = p.path("targets");
      assertThat(targets.size()).as("targets of " + title).isPositive();
      for (JsonNode t : targets) {
        String expr = t.path("expr").asText();
        Set<String> names = ayaNamesIn(expr);
        if (names.isEmpty()) {
          problems.add(title + ": no aya_ metric in " + expr);
        }
        for (String n : names) {
          if (!exported.contains(n)) {
            problems.add(title + ": " + n + " is not exported");
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }
}
