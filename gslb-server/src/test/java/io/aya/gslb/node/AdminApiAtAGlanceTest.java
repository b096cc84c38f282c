package io.aya.gslb.node;

import static io.aya.gslb.node.TestNode.get;
import static io.aya.gslb.node.TestNode.method;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API read by a person: /api/v1/regions starts with a summary and counts static pool members as up,
 * IPv6 addresses are compressed (RFC 5952), HEAD answers wherever GET does (same status and headers, no body),
 * and the OpenAPI document is served.
 */
class AdminApiAtAGlanceTest {
  @TempDir static Path dir;
  static AyaNode node;

  @BeforeAll
  static void start() throws Exception {
    TestNode.writeZone(dir, "example.test.",
        "$REGION eu-west 53.35 -6.26",
        "www IN GSLB eu-west 192.0.2.10 2001:db8:0:0:0:0:0:10");
    node = TestNode.start(dir);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void headAnswersEveryGetPathWithItsStatusAndLengthButNoBody() {
    for (String path : List.of("/", "/healthz", "/api/v1/zones", "/api/v1/openapi.json", "/api/v1/cluster",
        "/api/v1/explain?name=www.example.test&client=192.0.2.1")) {
      TestNode.Reply g = get(node, path);
      TestNode.Reply h = method(node, "HEAD", path, null);
      assertThat(h.status()).as(path).isEqualTo(g.status()).isEqualTo(200);
      assertThat(h.body()).as(path).isEmpty();
      assertThat(h.headers().firstValue("content-type")).isEqualTo(g.headers().firstValue("content-type"));
      assertThat(h.headers().firstValueAsLong("content-length").orElseThrow()).as(path).isPositive();
    }
    TestNode.Reply regions = method(node, "HEAD", "/api/v1/regions", null);
    assertThat(regions.status()).isEqualTo(200);
    assertThat(regions.body()).isEmpty();
    assertThat(method(node, "HEAD", "/api/v1/nope", null).status()).isEqualTo(404);
  }

  @Test
  void headOnAPostOnlyPathIs405AndGetPathsListHeadInAllow() {
    TestNode.Reply h = method(node, "HEAD", "/api/v1/zones/reload", null);
    assertThat(h.status()).isEqualTo(405);
    assertThat(method(node, "DELETE", "/api/v1/regions", null).headers().firstValue("allow")).hasValue("GET, HEAD");
  }

  @Test
  void regionsStartWithASummaryAndCountStaticPoolMembersAsUp() {
    com.fasterxml.jackson.databind.JsonNode j = get(node, "/api/v1/regions").json();
    assertThat(j.fieldNames()).toIterable().containsExactly("node", "builtAt", "summary", "regions");
    com.fasterxml.jackson.databind.JsonNode eu = j.get("summary").get(0);
    assertThat(eu.get("name").asText()).isEqualTo("eu-west");
    assertThat(eu.get("state").asText()).isEqualTo("up");
    assertThat(eu.get("membersUp").asInt()).isEqualTo(2);
    assertThat(eu.get("membersTotal").asInt()).isEqualTo(2);
    com.fasterxml.jackson.databind.JsonNode detail = j.get("regions").get(0);
    assertThat(detail.get("membersUp").asInt()).isEqualTo(2);
    assertThat(detail.get("membersTotal").asInt()).isEqualTo(2);
    assertThat(detail.get("endpointsTotal").asInt()).as("checked endpoints, as before").isZero();
    assertThat(detail.get("endpoints")).extracting(e -> e.get("address").asText())
        .containsExactly("192.0.2.10", "2001:db8::10");
  }

  @Test
  void ipv6AddressesAreCompressedInTheJson() {
    com.fasterxml.jackson.databind.JsonNode e =
        get(node, "/api/v1/explain?name=www.example.test&type=AAAA&client=2001:db8:0:0:0:0:0:1").json();
    assertThat(e.at("/client/address").asText()).isEqualTo("2001:db8::1");
    assertThat(e.at("/answer/addresses/0").asText()).isEqualTo("2001:db8::10");
  }

  @Test
  void theOpenApiDocumentIsServedAsJson() {
    TestNode.Reply r = get(node, "/api/v1/openapi.json");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(r.json().get("openapi").asText()).startsWith("3.");
    assertThat(r.json().get("paths").has("/api/v1/regions/{region}/drain")).isTrue();
  }
}
