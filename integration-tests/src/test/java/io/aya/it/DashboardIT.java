package io.aya.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The web dashboard at the admin root, in Debian's headless Chromium driven over the DevTools protocol,
 * against a node serving the bundled sample (three regions): the page loads without a console error and
 * fetches nothing from elsewhere, shows every region on the map and in the tables, explains a London client,
 * and a click on a region's Drain button (token entered once, a wrong one first) changes what DNS answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {
  private static final List<String> EU_WEST = List.of("198.51.100.10", "198.51.100.11");
  private static final List<String> US_EAST = List.of("192.0.2.10", "192.0.2.11");

  @TempDir static Path tmp;
  private AyaProcess node;
  private Chromium browser;

  @BeforeAll
  void start() throws Exception {
    node = new AyaProcess("dash-1", tmp.resolve("node"), AyaProcess.freePort(), List.of()).start();
    browser = Chromium.start(tmp);
    browser.navigate("http://127.0.0.1:" + node.adminPort + "/");
    await().atMost(Duration.ofSeconds(30)).until(() -> browser.eval("document.body.dataset.loaded === 'true'").asBoolean());
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.screenshot(Path.of("target", "dashboard.png"));
      browser.close();
    }
    node.stop();
  }

  @Test
  void thePageShowsEveryRegionOnTheMapAndInTheTablesWithoutTokenOrConsoleErrors() throws Exception {
    List<String> onMap = texts("#regions-layer [data-region]", "el.dataset.region");
    assertThat(onMap).containsExactly("ap-southeast", "eu-west", "us-east");
    assertThat(texts("#regions tbody tr", "el.dataset.region")).containsExactly("ap-southeast", "eu-west", "us-east");
    assertThat(texts("#regions tbody tr td:nth-child(3)", "el.textContent")).containsExactly("2 / 2", "3 / 3", "3 / 3");
    // placed by their coordinates: Dublin (53.35, -6.26) is left of and above Singapore (1.35, 103.82)
    JsonNode eu = browser.eval("document.querySelector('[data-region=\"eu-west\"]').getAttribute('transform')");
    assertThat(eu.asText()).isEqualTo("translate(173.74,36.65)");
    assertThat(texts("#regions-layer [data-region]", "el.getAttribute('class')"))
        .allMatch(c -> c.contains("state-up"));
    assertThat(texts("#endpoints tbody tr", "el.dataset.endpoint")).hasSize(8).contains("example.com@198.51.100.10");
    assertThat(texts("#members tbody tr", "el.dataset.member")).containsExactly("dash-1");
    assertThat(browser.eval("document.querySelectorAll('#land path').length").asInt()).isGreaterThan(10);
    assertThat(browser.eval("performance.getEntriesByType('resource').map(e => e.name)"
        + ".filter(n => !n.startsWith(location.origin)).length").asInt()).isZero();
    assertThat(browser.takeErrors()).isEmpty();
  }

  @Test
  void theExplainBoxPlacesALondonClientAndNamesTheChosenRegionWithItsSteps() throws Exception {
    browser.click("#explain-client");
    browser.type("81.2.69.0/24");
    browser.pressEnter();
    await().atMost(Duration.ofSeconds(10)).until(() -> browser.eval("!!document.querySelector('#explain-out .answer')").asBoolean());
    String answer = browser.eval("document.querySelector('#explain-out .answer').textContent").asText();
    assertThat(EU_WEST).anyMatch(answer::contains);
    assertThat(texts("#explain-out tbody tr", "el.dataset.explainRegion")).hasSize(3);
    assertThat(browser.eval("document.querySelector('#explain-out').textContent").asText())
        .contains("GB").contains("1. eu-west").contains("ranking");
    assertThat(browser.eval("document.querySelectorAll('#explain-layer .route').length").asInt()).isEqualTo(1);
    assertThat(browser.takeErrors()).isEmpty();
  }

  @Test
  void aDrainClickWithTheTokenEnteredOnceMovesLondonAndUndrainBringsItBack() throws Exception {
    assertThat(london()).isSubsetOf(EU_WEST);
    browser.click("button[data-drain='eu-west']");
    await().atMost(Duration.ofSeconds(5)).until(() -> !browser.eval("document.querySelector('#token-box').hidden").asBoolean());
    browser.type("not-the-token");
    browser.pressEnter();
    await().atMost(Duration.ofSeconds(10)).until(() ->
        browser.eval("document.querySelector('#token-problem').textContent").asText().contains("refused"));
    assertThat(browser.eval("document.querySelector('#token-box').hidden").asBoolean()).isFalse();
    browser.type(AyaProcess.TOKEN);
    browser.pressEnter();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(london()).isSubsetOf(US_EAST));
    await().atMost(Duration.ofSeconds(10)).until(() ->
        browser.eval("document.querySelector('#regions-layer [data-region=\"eu-west\"]').getAttribute('class')")
            .asText().contains("state-drained"));
    assertThat(browser.eval("sessionStorage.getItem('aya.adminToken')").asText()).isEqualTo(AyaProcess.TOKEN);
    assertThat(browser.eval("localStorage.length").asInt()).isZero();

    browser.click("button[data-undrain='eu-west']");   // the token is not asked again
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(london()).isSubsetOf(EU_WEST));
    assertThat(browser.eval("document.querySelector('#token-box').hidden").asBoolean()).isTrue();
    // the one error: Chromium logging the refused wrong token
    assertThat(browser.takeErrors()).singleElement().asString()
        .contains("401 (Unauthorized)").endsWith("/api/v1/regions/eu-west/drain");
  }

  /** A JavaScript expression over every element matching the selector (bound as {@code el}), as strings. */
  private List<String> texts(String selector, String expression) throws Exception {
    JsonNode a = browser.eval("Array.from(document.querySelectorAll(" + quote(selector) + ")).map(el => " + expression + ")");
    List<String> out = new ArrayList<>();
    a.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** What a London resolver's clients (ECS 81.2.69.0/24) get for www.example.com A. */
  private List<String> london() throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString("www.example.com."), Type.A, DClass.IN));
    q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName("81.2.69.0")))),
        Section.ADDITIONAL);
    return AyaProcess.addresses(node.resolver().send(q));
  }

}
