package io.aya.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * A state directory that stops taking writes while the node runs must not stop failover: the drain is
 * applied (DNS follows it), the API answers a JSON 503 naming the file and the cause and saying it is not
 * persisted, the log has a WARN line and no stack trace, and the write succeeds by itself once the disk is
 * fixed.
 */
class StateDirectoryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  private AyaProcess node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void aDrainThatCannotBeWrittenIsAppliedAndAnswered503WithTheFileAndCause() throws Exception {
    Path zones = Files.createDirectories(tmp.resolve("zones"));
    Files.writeString(zones.resolve("sd.test.zone"), String.join("\n",
        "$ORIGIN sd.test.",
        "@ 60 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 60 IN NS ns1",
        "ns1 60 IN A 192.0.2.53",
        "$REGION eu-west 53.35 -6.26",
        "$REGION us-east 39.04 -77.49",
        "www IN GSLB eu-west 192.0.2.10",
        "    IN GSLB us-east 192.0.2.20",
        "$POLICY www priority=eu-west,us-east answers=1 fallback=none",
        ""));
    node = new AyaProcess("sd1", tmp.resolve("node"), 0, List.of("--zones", zones.toString(), "--geo", "")).start();
    assertThat(AyaProcess.addresses(node.query("www.sd.test.", Type.A))).containsExactly("192.0.2.10");

    // the disk now refuses the write: the temporary file's name is taken by a directory
    Path state = tmp.resolve("node/state");
    Path obstacle = Files.createDirectories(state.resolve("overrides.json.tmp"));
    HttpResponse<String> r = node.post("/api/v1/regions/eu-west/drain");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("applied").asBoolean()).isTrue();
    assertThat(body.get("persisted").asBoolean()).isFalse();
    assertThat(body.get("file").asText()).isEqualTo(state.resolve("overrides.json").toAbsolutePath().toString());
    assertThat(body.get("cause").asText()).isEqualTo("is a directory");
    assertThat(body.get("error").asText()).contains("drain eu-west is applied cluster-wide but NOT persisted")
        .doesNotContain("Exception");
    assertThat(body.get("result").get("regions")).hasSize(1);

    await().atMost(Duration.ofSeconds(5)).until(
        () -> AyaProcess.addresses(node.query("www.sd.test.", Type.A)), List.of("192.0.2.20")::equals);
    assertThat(node.log()).contains("WARN").contains("not persisted").doesNotContain("\tat ")
        .doesNotContain("UncheckedIOException");

    Files.delete(obstacle);
    await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(state.resolve("overrides.json"))
        && Files.readString(state.resolve("overrides.json")).contains("eu-west"));
    await().atMost(Duration.ofSeconds(5)).until(() -> node.log().contains("persisted to"));
  }
}
