package io.aya.gslb.node;

import static io.aya.gslb.node.TestNode.a;
import static io.aya.gslb.node.TestNode.get;
import static io.aya.gslb.node.TestNode.post;
import static io.aya.gslb.node.TestNode.postAuthed;
import static io.aya.gslb.node.TestNode.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API of a running node over real HTTP, and its effect on real DNS answers. One node for the class;
 * each test that changes overrides undoes them afterwards.
 */
class AdminApiTest {
  @TempDir static Path dir;
  static AyaNode node;
  static HttpBackend eu1;
  static HttpBackend eu2;

  @BeforeAll
  static void start() throws Exception {
    int port = HttpBackend.freePortOnBothLoopbacks();
    eu1 = new HttpBackend("127.0.0.1", port).start();
    eu2 = new HttpBackend("127.0.0.2", port).start();
    TestNode.write(dir.resolve("zones/example.test.zone"), String.join("\n",
        "$ORIGIN example.test.",
        "@ 300 IN SOA ns1 hostmaster 2026112501 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        "$REGION eu-west 53.35 -6.26",
        "$REGION eu-central 50.11 8.68",
        "$REGION us-east 39.04 -77.49",
        "$REGION ap-a 1.35 103.82 capacity=100",
        "$REGION ap-b 35.68 139.69",
        "$CHECK web http port=" + port + " path=/health interval=1s timeout=500ms rise=1 fall=1",
        "www IN GSLB eu-west 127.0.0.1 check=web",
        "    IN GSLB eu-central 127.0.0.2 check=web",
        "    IN GSLB us-east 192.0.2.30",
        "$POLICY www priority=eu-west,eu-central,us-east answers=1 fallback=none",
        "cap IN GSLB ap-a 192.0.2.40",
        "    IN GSLB ap-b 192.0.2.41",
        "$POLICY cap priority=ap-a,ap-b capacity answers=1 fallback=none",
        "*.edge IN GSLB us-east 192.0.2.60",
        "       IN GSLB eu-west 192.0.2.61",
        "$POLICY *.edge geo fallback=none",
        "static.edge IN A 192.0.2.62",
        ""));
    node = AyaNode.start(TestNode.config(dir.resolve("zones"), dir.resolve("state")));
    TestNode.awaitChecked(node, "example.test/web@127.0.0.1", "example.test/web@127.0.0.2");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (eu1 != null) {
      eu1.close();
    }
    if (eu2 != null) {
      eu2.close();
    }
  }

  @AfterEach
  void undoOverrides() {
    assertThat(postAuthed(node, "/api/v1/regions/*/undrain").status()).isEqualTo(200);
    assertThat(postAuthed(node, "/api/v1/endpoints/*/clear").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).until(() -> a(node, "www.example.test."), List.of("127.0.0.1")::equals);
  }

  // ---- reads ----

  @Test
  void healthzSaysOkWithNodeNameAndCounts() {
    TestNode.Reply r = get(node, "/healthz");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode j = r.json();
    assertThat(j.get("status").asText()).isEqualTo("ok");
    assertThat(j.get("node").asText()).isEqualTo("n1");
    assertThat(j.get("zones").asInt()).isEqualTo(1);
    assertThat(j.get("clusterMembers").asInt()).isEqualTo(1);
  }

  @Test
  void zonesListOriginSerialFileAndBalancedNames() {
    JsonNode j = get(node, "/api/v1/zones").json();
    JsonNode z = j.get("zones").get(0);
    assertThat(z.get("origin").asText()).isEqualTo("example.test.");
    assertThat(z.get("serial").asLong()).isEqualTo(2026112501L);
    assertThat(z.get("file").asText()).endsWith("example.test.zone");
    assertThat(z.get("loadedAt").asText()).isNotEmpty();
    assertThat(z.get("regions")).extracting(JsonNode::asText)
        .containsExactly("ap-a", "ap-b", "eu-central", "eu-west", "us-east");
    assertThat(z.get("balancedNames")).extracting(n -> n.get("name").asText())
        .containsExactlyInAnyOrder("www.example.test.", "cap.example.test.", "*.edge.example.test.");
  }

  @Test
  void regionsShowEndpointStateLastCheckObservationsPerNodeLoadCapacityAndOverrides() {
    JsonNode ap = TestNode.region(node, "ap-a");
    assertThat(ap.get("capacity").asDouble()).isEqualTo(100.0);
    assertThat(ap.get("drained").asBoolean()).isFalse();
    assertThat(ap.has("load")).isTrue();
    assertThat(ap.has("admitFraction")).isTrue();

    JsonNode eu = TestNode.region(node, "eu-west");
    assertThat(eu.get("endpointsUp").asInt()).isEqualTo(1);
    JsonNode e = eu.get("endpoints").get(0);
    assertThat(e.get("key").asText()).isEqualTo("example.test/web@127.0.0.1");
    assertThat(e.get("address").asText()).isEqualTo("127.0.0.1");
    assertThat(e.get("check").asText()).isEqualTo("web");
    assertThat(e.get("up").asBoolean()).isTrue();
    assertThat(e.get("override").isNull()).isTrue();
    assertThat(e.get("lastResult").asText()).isNotEmpty();
    assertThat(e.get("lastResultMillis").asLong()).isPositive();
    assertThat(e.get("lastResultTime").asText()).endsWith("Z");
    JsonNode obs = e.get("observations").get("n1");
    assertThat(obs).as("observation of node n1").isNotNull();
    assertThat(obs.get("up").asBoolean()).isTrue();
    assertThat(obs.get("live").asBoolean()).isTrue();
    assertThat(e.get("names")).extracting(JsonNode::asText).containsExactly("www.example.test.");

    JsonNode us = TestNode.region(node, "us-east").get("endpoints").get(0);
    assertThat(us.get("address").asText()).isEqualTo("192.0.2.30");
    assertThat(us.get("reason").asText()).contains("no health check");
  }

  @Test
  void lastCheckShowsThisNodesNewestProbeWhichKeepsAdvancingWhileTheVerdictIsUnchanged() {
    String key = "example.test/web@127.0.0.2";
    long first = TestNode.endpoint(node, key).get("lastCheck").get("timeMillis").asLong();
    // checks every second; an unchanged verdict is re-published only about every other check
    await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      JsonNode last = TestNode.endpoint(node, key).get("lastCheck");
      assertThat(last.get("timeMillis").asLong()).isGreaterThan(first);
      assertThat(last.get("ok").asBoolean()).isTrue();
      assertThat(last.get("detail").asText()).isEqualTo("HTTP 200");
      assertThat(last.get("time").asText()).endsWith("Z");
      assertThat(last.get("latencyMillis").asDouble()).isBetween(0.0, 500.0);
    });
    JsonNode staticMember = TestNode.region(node, "us-east").get("endpoints").get(0);
    assertThat(staticMember.has("lastCheck")).isTrue();
    assertThat(staticMember.get("lastCheck").isNull()).isTrue();
  }

  @Test
  void clusterListsThisMemberAsLocalAndRecentlyHeard() {
    JsonNode j = get(node, "/api/v1/cluster").json();
    assertThat(j.get("node").asText()).isEqualTo("n1");
    assertThat(j.get("memberCount").asInt()).isEqualTo(1);
    JsonNode m = j.get("members").get(0);
    assertThat(m.get("node").asText()).isEqualTo("n1");
    assertThat(m.get("local").asBoolean()).isTrue();
    assertThat(m.get("address").asText()).startsWith("127.0.0.1:");
    assertThat(j.get("lastPropagationDelayMillis").isNull()).as("nothing received from another member").isTrue();
    assertThat(get(node, "/metrics").body()).containsPattern("(?m)^aya_cluster_propagation_delay_seconds\\{.*\\} NaN");
  }

  @Test
  void metricsExposeQueryCountersZoneSerialMembersHealthChecksAndRegionLoad() {
    a(node, "www.example.test.");
    TestNode.Reply r = get(node, "/metrics");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(r.body())
        .containsPattern("(?m)^aya_dns_queries_total\\{.*qtype=\"A\".*rcode=\"NOERROR\".*\\} [1-9]")
        .containsPattern("(?m)^aya_zone_serial\\{.*zone=\"example.test.\".*\\} 2\\.026112501E9")
        .containsPattern("(?m)^aya_cluster_members\\{.*\\} 1\\.0")
        .containsPattern("(?m)^aya_health_checks_total\\{.*endpoint=\"example.test/web@127.0.0.1\".*result=\"success\".*\\} [1-9]")
        .containsPattern("(?m)^aya_region_load\\{.*region=\"ap-a\".*\\}");
  }

  @Test
  void explainSaysWhyAClientGetsItsAnswer() {
    TestNode.Reply r = get(node, "/api/v1/explain?name=www.example.test&type=A&client=198.51.100.0/24");
    assertThat(r.status()).isEqualTo(200);
    JsonNode j = r.json();
    assertThat(j.get("name").asText()).isEqualTo("www.example.test.");
    assertThat(j.get("regions")).extracting(x -> x.get("region").asText())
        .containsExactly("eu-west", "eu-central", "us-east");
    assertThat(j.toString()).contains("127.0.0.1");
  }

  @Test
  void explainOfANameCoveredByABalancedWildcardExplainsTheWildcardAsDnsAnswersIt() {
    TestNode.Reply r = get(node, "/api/v1/explain?name=a.b.edge.example.test&type=A&client=81.2.69.0/24");
    assertThat(r.status()).isEqualTo(200);
    JsonNode j = r.json();
    assertThat(j.get("name").asText()).isEqualTo("*.edge.example.test.");
    List<String> overDns = TestNode.aFrom(node, "a.b.edge.example.test.", "81.2.69.0");
    assertThat(overDns).hasSize(1);
    assertThat(j.get("answer").get("addresses")).extracting(JsonNode::asText).containsExactlyElementsOf(overDns);
    assertThat(get(node, "/api/v1/explain?name=static.edge.example.test&client=81.2.69.0/24").status())
        .as("a name of its own is not covered by the wildcard").isEqualTo(404);
  }

  @Test
  void explainRefusesBadParametersWith400AndUnknownNamesWith404() {
    assertThat(get(node, "/api/v1/explain?name=www.example.test&client=not-an-ip").json().get("error").asText())
        .isEqualTo("client: not-an-ip (expected: an IPv4 or IPv6 address)");
    assertThat(get(node, "/api/v1/explain?client=192.0.2.1").json().get("error").asText())
        .isEqualTo("missing query parameter: name");
    assertThat(get(node, "/api/v1/explain?name=www.example.test&type=MX&client=192.0.2.1").status()).isEqualTo(400);
    assertThat(get(node, "/api/v1/explain?name=www.example.test&client=192.0.2.1/33").json().get("error").asText())
        .isEqualTo("client prefix: 33 (expected: 0..32)");
    TestNode.Reply unknown = get(node, "/api/v1/explain?name=ns1.example.test&client=192.0.2.1");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("error").asText()).contains("not a balanced name").contains("www.example.test.");
    assertThat(get(node, "/api/v1/explain?name=www.other.test&client=192.0.2.1").status()).isEqualTo(404);
  }

  // ---- refusals ----

  @Test
  void mutationsWithoutTokenAreRefusedWith401Json() {
    TestNode.Reply r = post(node, "/api/v1/regions/eu-west/drain", null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("status").asInt()).isEqualTo(401);
    assertThat(r.json().get("error").asText()).contains("bearer token");
    assertThat(r.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(TestNode.region(node, "eu-west").get("drained").asBoolean()).isFalse();
  }

  @Test
  void mutationsWithAWrongTokenAreRefusedWith401() {
    assertThat(post(node, "/api/v1/regions/eu-west/drain", node.adminToken() + "x").status()).isEqualTo(401);
    assertThat(post(node, "/api/v1/zones/reload", "nope").json().get("status").asInt()).isEqualTo(401);
    assertThat(put(node, "/api/v1/regions/ap-a/load", "{\"load\": 1}", "").status()).isEqualTo(401);
  }

  @Test
  void loadBodyThatIsNotJsonIs400NamingTheProblem() {
    TestNode.Reply r = put(node, "/api/v1/regions/ap-a/load", "{load: ", node.adminToken());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).startsWith("body is not valid JSON at line 1, column").contains("\"load\"");

    TestNode.Reply missing = put(node, "/api/v1/regions/ap-a/load", "{\"lod\": 3}", node.adminToken());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("error").asText()).contains("missing field: load");

    TestNode.Reply text = put(node, "/api/v1/regions/ap-a/load", "{\"load\": \"high\"}", node.adminToken());
    assertThat(text.status()).isEqualTo(400);
    assertThat(text.json().get("error").asText()).contains("load: \"high\"");
  }

  @Test
  void negativeLoadIs400WithTheAllowedRange() {
    TestNode.Reply r = put(node, "/api/v1/regions/ap-a/load", "{\"load\": -5}", node.adminToken());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).isEqualTo("load: -5.0 (expected: 0..1000000000)");
  }

  @Test
  void unknownRegionIs404ForLoadAndDrain() {
    TestNode.Reply load = put(node, "/api/v1/regions/mars/load", "{\"load\": 5}", node.adminToken());
    assertThat(load.status()).isEqualTo(404);
    assertThat(load.json().get("error").asText()).contains("mars").contains("eu-west");
    TestNode.Reply drain = postAuthed(node, "/api/v1/regions/mars-*/drain");
    assertThat(drain.status()).isEqualTo(404);
    assertThat(drain.json().get("status").asInt()).isEqualTo(404);
    TestNode.Reply force = postAuthed(node, "/api/v1/endpoints/*@10.9.9.9/force-down");
    assertThat(force.status()).isEqualTo(404);
  }

  @Test
  void blankOrControlCharacterTargetsAre400NotA404() {
    for (String path : List.of("/api/v1/regions/%20/drain", "/api/v1/regions/eu-%07west/undrain",
        "/api/v1/endpoints/%20%20/force-up", "/api/v1/endpoints/" + "x".repeat(600) + "/clear")) {
      TestNode.Reply r = postAuthed(node, path);
      assertThat(r.status()).as(path).isEqualTo(400);
      assertThat(r.json().get("status").asInt()).as(path).isEqualTo(400);
      assertThat(r.json().get("error").asText()).as(path).contains("expected: a name or glob of 1..512 printable characters");
    }
  }

  @Test
  void wrongMethodIs405ListingTheAllowedOnes() {
    TestNode.Reply r = get(node, "/api/v1/regions/eu-west/drain");
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.json().get("error").asText()).contains("expected: POST");
    assertThat(r.headers().firstValue("allow")).hasValue("POST");

    TestNode.Reply del = TestNode.method(node, "DELETE", "/api/v1/regions", node.adminToken());
    assertThat(del.status()).isEqualTo(405);
    assertThat(del.json().get("error").asText()).contains("DELETE").contains("expected: GET");
  }

  @Test
  void unknownPathIs404Json() {
    TestNode.Reply r = get(node, "/api/v1/nothing");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("status").asInt()).isEqualTo(404);
    assertThat(r.json().get("error").asText()).contains("/api/v1/nothing");
  }

  @Test
  void bodyOverOneMebibyteIs413Json() throws IOException {
    // announced by Content-Length, and announced with Expect: 100-continue (curl's way for large bodies)
    for (String extra : List.of("", "Expect: 100-continue\r\n")) {
      InetSocketAddress admin = node.adminAddress();
      try (Socket s = new Socket(admin.getAddress(), admin.getPort())) {
        s.setSoTimeout(5000);
        OutputStream out = s.getOutputStream();
        out.write(("PUT /api/v1/regions/ap-a/load HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + node.adminToken() + "\r\nContent-Type: application/json\r\n" + extra + "Content-Length: "
            + ((1 << 20) + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String response = readResponse(s.getInputStream());
        assertThat(response).as(extra).startsWith("HTTP/1.1 413");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(body).as(extra).contains("\"status\" : 413").contains("at most 1048576 bytes");
      }
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws IOException {
    InetSocketAddress admin = node.adminAddress();
    try (Socket s = new Socket(admin.getAddress(), admin.getPort())) {
      s.setSoTimeout(5000);
      StringBuilder requests = new StringBuilder();
      for (int i = 0; i < 10; i++) {
        requests.append("GET /api/v1/regions HTTP/1.1\r\nHost: localhost\r\n\r\n");
        requests.append("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
      }
      s.getOutputStream().write(requests.toString().getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      for (int i = 0; i < 20; i++) {
        String response = readResponse(in);
        assertThat(response).as("response " + i).startsWith("HTTP/1.1 200")
            .contains(i % 2 == 0 ? "\"regions\"" : "\"clusterMembers\"");
      }
    }
  }

  /** Reads exactly one response (headers and Content-Length bytes of body), byte by byte. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    while (!buf.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + buf);
      }
      buf.write(b);
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^content-length: *(\\d+)")
        .matcher(buf.toString(StandardCharsets.ISO_8859_1));
    int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
    buf.write(in.readNBytes(length));
    return buf.toString(StandardCharsets.UTF_8);
  }

  // ---- overrides and load, seen over DNS ----

  @Test
  void drainAndUndrainThroughTheApiMoveTheDnsAnswer() {
    TestNode.Reply r = postAuthed(node, "/api/v1/regions/eu-west/drain");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("regions")).extracting(JsonNode::asText).containsExactly("eu-west");
    await().atMost(Duration.ofSeconds(5)).until(() -> a(node, "www.example.test."), List.of("127.0.0.2")::equals);
    JsonNode eu = TestNode.region(node, "eu-west");
    assertThat(eu.get("drained").asBoolean()).isTrue();
    assertThat(eu.get("drainOverride").get("kind").asText()).isEqualTo("drain");
    assertThat(eu.get("drainOverride").get("node").asText()).isEqualTo("n1");

    assertThat(postAuthed(node, "/api/v1/regions/eu-west/undrain").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).until(() -> a(node, "www.example.test."), List.of("127.0.0.1")::equals);
    assertThat(TestNode.region(node, "eu-west").get("drained").asBoolean()).isFalse();
  }

  @Test
  void globDrainOfEuRegionsSendsAnswersToTheNextRegion() {
    TestNode.Reply r = postAuthed(node, "/api/v1/regions/eu-*/drain");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("regions")).extracting(JsonNode::asText).containsExactly("eu-central", "eu-west");
    await().atMost(Duration.ofSeconds(5)).until(() -> a(node, "www.example.test."), List.of("192.0.2.30")::equals);
    assertThat(TestNode.region(node, "eu-central").get("drained").asBoolean()).isTrue();
    assertThat(TestNode.region(node, "us-east").get("drained").asBoolean()).isFalse();
  }

  @Test
  void forceDownForceUpAndClearOfEndpointsByGlobChangeTheDnsAnswer() {
    // every endpoint of the zone down (URL-encoded '/'): only the static us-east pool is left
    TestNode.Reply down = postAuthed(node, "/api/v1/endpoints/example.test%2F*/force-down");
    assertThat(down.status()).isEqualTo(200);
    assertThat(down.json().get("endpoints")).extracting(JsonNode::asText)
        .containsExactly("example.test/web@127.0.0.1", "example.test/web@127.0.0.2");
    await().atMost(Duration.ofSeconds(5)).until(() -> a(node, "www.example.test."), List.of("192.0.2.30")::equals);
    JsonNode e = TestNode.endpoint(node, "example.test/web@127.0.0.1");
    assertThat(e.get("up").asBoolean()).isFalse();
    assertThat(e.get("checkedUp").asBoolean()).as("the checks still say up").isTrue();
    assertThat(e.get("override").get("kind").asText()).isEqualTo("force-down");

    // the newer force-up of one address wins for it
    assertThat(postAuthed(node, "/api/v1/endpoints/*@127.0.0.2/force-up").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).until(() -> a(node, "www.example.test."), List.of("127.0.0.2")::equals);

    // clear hands both back to their checks
    assertThat(postAuthed(node, "/api/v1/endpoints/*@127.0.0.*/clear").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).until(() -> a(node, "www.example.test."), List.of("127.0.0.1")::equals);
    assertThat(TestNode.endpoint(node, "example.test/web@127.0.0.1").get("override").isNull()).isTrue();
  }

  @Test
  void loadAboveCapacityMakesTheCapacityStepSpillPartOfTheClientNetworks() {
    assertThat(spilledShare()).as("nothing spills before a load report").isZero();

    TestNode.Reply r = put(node, "/api/v1/regions/ap-a/load", "{\"load\": 200}", node.adminToken());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("load").asDouble()).isEqualTo(200.0);
    assertThat(r.json().get("time").asText()).endsWith("Z");

    // offered 200 against capacity 100: the region admits about half (docs/health.md)
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(spilledShare()).isBetween(0.3, 0.7));
    JsonNode ap = TestNode.region(node, "ap-a");
    assertThat(ap.get("admitFraction").asDouble()).isLessThan(1.0);
    assertThat(ap.get("lastLoadReport").get("load").asDouble()).isEqualTo(200.0);
    assertThat(ap.get("lastLoadReport").get("node").asText()).isEqualTo("n1");

    // reports of a load well below the low watermark bring the smoothed estimate down: everything is admitted again
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(put(node, "/api/v1/regions/ap-a/load", "{\"load\": 10}", node.adminToken()).status()).isEqualTo(200);
      assertThat(spilledShare()).isZero();
    });
  }

  /** Share of 200 client /24 networks (ECS) answered by ap-b instead of ap-a. */
  private static double spilledShare() {
    int spilled = 0;
    int total = 200;
    for (int i = 0; i < total; i++) {
      List<String> answer = TestNode.aFrom(node, "cap.example.test.", "10." + (i / 100) + "." + (i % 100) + ".0");
      if (answer.equals(List.of("192.0.2.41"))) {
        spilled++;
      } else {
        assertThat(answer).containsExactly("192.0.2.40");
      }
    }
    return spilled / (double) total;
  }
}
