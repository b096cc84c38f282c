package io.aya.gslb.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The OpenAPI document served at /api/v1/openapi.json describes exactly the routes the admin server registers. */
class OpenApiDocumentTest {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

  private static JsonNode document() throws Exception {
    return new ObjectMapper().readTree(Dashboard.OPENAPI);
  }

  @Test
  void everyRegisteredRouteIsInTheDocumentAndEveryDocumentedOperationIsRegistered() throws Exception {
    Set<String> registered = new TreeSet<>();
    for (Route r : new AdminApi(null).routes()) {
      registered.add(r.method() + " " + r.template());
    }
    Set<String> documented = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = document().get("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> p = paths.next();
      for (Iterator<String> ops = p.getValue().fieldNames(); ops.hasNext(); ) {
        String m = ops.next();
        if (METHODS.contains(m)) {
          documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey());
        }
      }
    }
    assertThat(documented).isEqualTo(registered);
  }

  @Test
  void theDocumentIsOpenApi3WithResponsesPathParametersAndTokensWhereRoutesNeedThem() throws Exception {
    JsonNode doc = document();
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    assertThat(doc.at("/info/title").asText()).isNotBlank();
    for (Route r : new AdminApi(null).routes()) {
      JsonNode op = doc.get("paths").get(r.template()).get(r.method().toLowerCase(java.util.Locale.ROOT));
      assertThat(op.get("responses").has("200")).as(r.template()).isTrue();
      assertThat(op.has("security")).as(r.method() + " " + r.template() + " needs the token").isEqualTo(r.mutating());
      Matcher m = Pattern.compile("\\{([^}]+)}").matcher(r.template());
      while (m.find()) {
        boolean declared = false;
        for (JsonNode p : op.path("parameters")) {
          declared |= p.get("in").asText().equals("path") && p.get("name").asText().equals(m.group(1))
              && p.get("required").asBoolean();
        }
        assertThat(declared).as(r.template() + " declares {" + m.group(1) + "}").isTrue();
      }
    }
  }

  @Test
  void theClusterWideReloadParameterIsDocumented() throws Exception {
    JsonNode params = document().at("/paths/~1api~1v1~1zones~1reload/post/parameters");
    assertThat(params).anySatisfy(p -> {
      assertThat(p.get("name").asText()).isEqualTo("cluster");
      assertThat(p.get("in").asText()).isEqualTo("query");
      assertThat(p.at("/schema/type").asText()).isEqualTo("boolean");
    });
  }
}
