package io.aya.gslb.node;

import static io.aya.gslb.node.TestNode.get;
import static io.aya.gslb.node.TestNode.postAuthed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/zones/reload?wait=false} answers 202 at once with a reload job that {@code GET
 * /api/v1/zones/reloads/{id}} follows to its report; without {@code wait=false} the reload answers when done.
 */
class ReloadInBackgroundTest {
  @TempDir Path dir;
  private AyaNode node;

  @BeforeEach
  void start() throws Exception {
    TestNode.write(dir.resolve("zones/example.test.zone"), zone(1));
    node = AyaNode.start(TestNode.config(dir.resolve("zones"), dir.resolve("state")));
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private static String zone(long serial) {
    return "$ORIGIN example.test.\n@ 300 IN SOA ns1 hostmaster " + serial + " 7200 900 1209600 60\n"
        + "@ 300 IN NS ns1\nns1 300 IN A 192.0.2.53\nwww 300 IN A 192.0.2." + serial + "\n";
  }

  @Test
  void aReloadWithWaitFalseAnswers202AndItsJobReportsTheOutcomeWhenDone() {
    TestNode.write(dir.resolve("zones/example.test.zone"), zone(2));
    TestNode.Reply started = postAuthed(node, "/api/v1/zones/reload?wait=false");
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    JsonNode job = started.json();
    assertThat(job.get("state").asText()).isIn("queued", "running", "done");
    String location = job.get("location").asText();
    assertThat(location).isEqualTo("/api/v1/zones/reloads/" + job.get("id").asLong());

    JsonNode done = await().atMost(Duration.ofSeconds(10))
        .until(() -> get(node, location).json(), j -> j.get("state").asText().equals("done"));
    assertThat(done.get("ok").asBoolean()).isTrue();
    assertThat(done.get("finished").asText()).isNotEmpty();
    assertThat(done.at("/result/files/0/status").asText()).isEqualTo("loaded");
    assertThat(TestNode.soaSerial(node, "example.test.")).isEqualTo(2);
  }

  @Test
  void withoutWaitFalseTheReloadAnswersWithItsReportAsBefore() {
    TestNode.write(dir.resolve("zones/example.test.zone"), zone(3));
    TestNode.Reply r = postAuthed(node, "/api/v1/zones/reload");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().at("/files/0/status").asText()).isEqualTo("loaded");
    assertThat(TestNode.soaSerial(node, "example.test.")).isEqualTo(3);
  }

  @Test
  void badParametersAndUnknownJobsAreClearRefusals() {
    TestNode.Reply badWait = postAuthed(node, "/api/v1/zones/reload?wait=later");
    assertThat(badWait.status()).isEqualTo(400);
    assertThat(badWait.json().get("error").asText()).isEqualTo("wait: later (expected: true or false)");
    assertThat(postAuthed(node, "/api/v1/zones/reload?wait=false&cluster=true").status()).isEqualTo(400);
    TestNode.Reply unknown = get(node, "/api/v1/zones/reloads/999");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("error").asText()).startsWith("reload 999 is not known here");
    assertThat(get(node, "/api/v1/zones/reloads/x").status()).isEqualTo(400);
  }
}
