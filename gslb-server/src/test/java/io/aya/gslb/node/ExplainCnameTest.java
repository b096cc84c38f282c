package io.aya.gslb.node;

import static io.aya.gslb.node.TestNode.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/explain} of a name that is a CNAME (or a chain of them) to a balanced name, over real HTTP. */
class ExplainCnameTest {
  @TempDir static Path dir;
  static AyaNode node;

  @BeforeAll
  static void start() throws Exception {
    TestNode.writeZone(dir, "example.test.",
        "$REGION eu-west 53.35 -6.26",
        "www IN GSLB eu-west 192.0.2.10",
        "docs IN CNAME www",
        "alias IN CNAME docs",
        "loop1 IN CNAME loop2",
        "loop2 IN CNAME loop1",
        "away IN CNAME www.elsewhere.invalid.",
        "there IN CNAME api.other.test.");
    TestNode.writeZone(dir, "other.test.",
        "$REGION us-east 39.04 -77.49",
        "api IN GSLB us-east 192.0.2.20");
    node = TestNode.start(dir);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void explainFollowsACnameChainToTheBalancedNameAndShowsTheChain() {
    TestNode.Reply r = get(node, "/api/v1/explain?name=alias.example.test&type=A&client=198.51.100.7");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode e = r.json();
    assertThat(e.get("query").asText()).isEqualTo("alias.example.test.");
    assertThat(e.get("cnames")).extracting(JsonNode::asText)
        .containsExactly("alias.example.test. CNAME docs.example.test.", "docs.example.test. CNAME www.example.test.");
    assertThat(e.get("name").asText()).isEqualTo("www.example.test.");
    assertThat(e.at("/answer/addresses/0").asText()).isEqualTo("192.0.2.10");
  }

  @Test
  void explainFollowsACnameIntoAnotherServedZone() {
    JsonNode e = get(node, "/api/v1/explain?name=there.example.test&client=198.51.100.7").json();
    assertThat(e.get("name").asText()).isEqualTo("api.other.test.");
    assertThat(e.get("zone").asText()).isEqualTo("other.test");
    assertThat(e.at("/answer/addresses/0").asText()).isEqualTo("192.0.2.20");
  }

  @Test
  void aBalancedNameItselfIsExplainedWithoutTheCnameFields() {
    JsonNode e = get(node, "/api/v1/explain?name=www.example.test&client=198.51.100.7").json();
    assertThat(e.has("query")).isFalse();
    assertThat(e.has("cnames")).isFalse();
    assertThat(e.fieldNames().next()).isEqualTo("name");
  }

  @Test
  void aLoopOrATargetOutsideTheServedZonesIs404NamingTheChain() {
    TestNode.Reply loop = get(node, "/api/v1/explain?name=loop1.example.test&client=198.51.100.7");
    assertThat(loop.status()).isEqualTo(404);
    assertThat(loop.json().get("error").asText()).contains("more than 8 CNAMEs");
    TestNode.Reply away = get(node, "/api/v1/explain?name=away.example.test&client=198.51.100.7");
    assertThat(away.status()).isEqualTo(404);
    assertThat(away.json().get("error").asText())
        .isEqualTo("name: www.elsewhere.invalid. is not in any zone served here (reached from away.example.test."
            + " through [away.example.test. CNAME www.elsewhere.invalid.])");
  }
}
