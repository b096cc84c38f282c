package io.aya.gslb.node;

import static io.aya.gslb.node.TestNode.get;
import static io.aya.gslb.node.TestNode.postAuthed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API's JSON field names and their order are a contract (docs/admin-api.md shows them, scripts and
 * the CLI read them): every object of every response has exactly the documented fields in the documented
 * order, nulls included.
 */
class AdminJsonFieldOrderTest {
  private static final List<String> OVERRIDE = List.of("kind", "target", "active", "node", "timeMillis", "time");
  private static final List<String> ENDPOINT = List.of("key", "zone", "check", "address", "up", "checkedUp",
      "reason", "override", "lastResult", "lastResultMillis", "lastResultTime", "lastCheck", "observations", "names");
  private static final List<String> REGION = List.of("name", "capacity", "drained", "drainOverride", "load",
      "offered", "utilization", "admitFraction", "lastLoadReport", "endpointsUp", "endpointsTotal", "membersUp", "membersTotal",
      "latitude", "longitude", "endpoints");

  @TempDir static Path dir;
  static AyaNode node;
  static HttpBackend web;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    port = HttpBackend.freePortOnBothLoopbacks();
    web = new HttpBackend("127.0.0.1", port).start();
    TestNode.write(dir.resolve("zones/example.test.zone"), zone(port, "us-east"));
    node = AyaNode.start(TestNode.config(dir.resolve("zones"), dir.resolve("state")));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      JsonNode e = TestNode.endpoint(node, "example.test/web@127.0.0.1");
      assertThat(e).isNotNull();
      assertThat(e.get("lastCheck").isNull()).as("checked").isFalse();
    });
  }

  private static String zone(int port, String region) {
    return String.join("\n",
        "$ORIGIN example.test.",
        "@ 300 IN SOA ns1 hostmaster 2026112501 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        "$REGION us-east 39.04 -77.49 capacity=10000",
        "$REGION eu-west 53.35 -6.26 capacity=6000",
        "$CHECK web http port=" + port + " path=/ interval=1s timeout=500ms rise=1 fall=1",
        "www 30 IN GSLB " + region + " 127.0.0.1 check=web",
        "www 30 IN GSLB eu-west 198.51.100.10",
        "$POLICY www geo capacity fallback=all answers=1",
        "fixed 30 IN GSLB eu-west 198.51.100.11",
        "$POLICY fixed geo fallback=192.0.2.99",
        "");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (web != null) {
      web.close();
    }
  }

  private static List<String> fields(JsonNode object) {
    assertThat(object.isObject()).as("an object: " + object).isTrue();
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void healthzFieldsAreInTheirDocumentedOrder() {
    assertThat(fields(get(node, "/healthz").json())).containsExactly("status", "node", "zones", "clusterMembers");
  }

  @Test
  void zonesFieldsAreInTheirDocumentedOrder() {
    JsonNode j = get(node, "/api/v1/zones").json();
    assertThat(fields(j)).containsExactly("directory", "zones");
    JsonNode z = j.get("zones").get(0);
    assertThat(fields(z)).containsExactly("origin", "serial", "file", "loadedAt", "records", "regions", "balancedNames");
    for (JsonNode b : z.get("balancedNames")) {
      assertThat(fields(b)).containsExactly("name", "regions", "policy");
      assertThat(fields(b.get("policy")))
          .containsExactly("ranking", "priority", "capacity", "weighted", "geofence", "answers", "ttl", "fallback");
    }
    assertThat(z.get("balancedNames").get(1).get("policy").get("fallback")).extracting(JsonNode::asText)
        .containsExactly("192.0.2.99");
    assertThat(z.get("balancedNames").get(0).get("policy").get("fallback").asText()).isEqualTo("all");
  }

  @Test
  void regionsAndOverrideAndLoadFieldsAreInTheirDocumentedOrder() {
    TestNode.Reply load = TestNode.put(node, "/api/v1/regions/us-east/load", "{\"load\": 4200}", node.adminToken());
    assertThat(fields(load.json())).containsExactly("region", "load", "networks", "node", "timeMillis", "time");
    JsonNode drain = postAuthed(node, "/api/v1/regions/eu-*/drain").json();
    try {
      assertThat(fields(drain)).containsExactly("region", "drained", "regions", "override");
      assertThat(fields(drain.get("override"))).isEqualTo(OVERRIDE);

      JsonNode j = get(node, "/api/v1/regions").json();
      assertThat(fields(j)).containsExactly("node", "builtAt", "summary", "regions");
      JsonNode eu = TestNode.region(node, "eu-west");
      assertThat(fields(eu)).isEqualTo(REGION);
      assertThat(fields(eu.get("drainOverride"))).isEqualTo(OVERRIDE);
      assertThat(fields(eu.get("endpoints").get(0))).as("static member").isEqualTo(ENDPOINT);
      JsonNode us = TestNode.region(node, "us-east");
      assertThat(fields(us.get("lastLoadReport"))).containsExactly("load", "node", "timeMillis", "time");
      JsonNode checked = us.get("endpoints").get(0);
      assertThat(fields(checked)).isEqualTo(ENDPOINT);
      assertThat(fields(checked.get("lastCheck"))).containsExactly("ok", "detail", "timeMillis", "time", "latencyMillis");
      assertThat(fields(checked.get("observations").get("n1")))
          .containsExactly("up", "timeMillis", "time", "detail", "live", "fresh", "counted");
    } finally {
      assertThat(postAuthed(node, "/api/v1/regions/eu-*/undrain").status()).isEqualTo(200);
    }
  }

  @Test
  void forceFieldsAreInTheirDocumentedOrder() {
    JsonNode down = postAuthed(node, "/api/v1/endpoints/*@127.0.0.1/force-down").json();
    assertThat(fields(down)).containsExactly("endpoint", "force", "endpoints", "override");
    assertThat(fields(down.get("override"))).isEqualTo(OVERRIDE);
    assertThat(down.get("endpoints")).extracting(JsonNode::asText).containsExactly("example.test/web@127.0.0.1");
    JsonNode clear = postAuthed(node, "/api/v1/endpoints/*@127.0.0.1/clear").json();
    assertThat(fields(clear)).containsExactly("endpoint", "force", "endpoints", "override");
    assertThat(clear.get("override").isNull()).isTrue();
  }

  @Test
  void clusterFieldsAreInTheirDocumentedOrder() {
    JsonNode j = get(node, "/api/v1/cluster").json();
    assertThat(fields(j)).containsExactly("node", "clusterName", "address", "configuredMembers", "memberCount",
        "merges", "lastPropagationDelayMillis", "zoneSerialsDiffer", "adminTokenShared", "members");
    assertThat(fields(j.get("members").get(0))).containsExactly("node", "address", "local", "lastHeardMillis",
        "lastHeard", "lastHeardAgoMillis", "zoneSerials", "adminTokenMatches");
  }

  @Test
  void clusterReloadFieldsAreInTheirDocumentedOrder() {
    TestNode.Reply r = postAuthed(node, "/api/v1/zones/reload?cluster=true");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(fields(r.json())).containsExactly("ok", "members", "results");
    assertThat(fields(r.json().get("results").get(0))).containsExactly("node", "ok", "serials", "error", "reload");
  }

  @Test
  void reloadFieldsAreInTheirDocumentedOrderWhetherItWorksOrFails() {
    Path file = dir.resolve("zones/example.test.zone");
    TestNode.write(file, zone(port, "us-wset"));
    try {
      TestNode.Reply failed = postAuthed(node, "/api/v1/zones/reload");
      assertThat(failed.status()).isEqualTo(422);
      assertThat(fields(failed.json())).containsExactly("ok", "changed", "zones", "files", "status", "error");
      assertThat(fields(failed.json().get("files").get(0))).containsExactly("file", "status", "origin", "errors");
    } finally {
      TestNode.write(file, zone(port, "us-east"));
    }
    TestNode.Reply ok = postAuthed(node, "/api/v1/zones/reload");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(fields(ok.json())).containsExactly("ok", "changed", "zones", "files");
    assertThat(fields(ok.json().get("files").get(0))).containsExactly("file", "status", "origin", "errors");
  }
}
