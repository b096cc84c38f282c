package io.aya.gslb.policy;

import static io.aya.gslb.policy.PolicyDns.addresses;
import static io.aya.gslb.policy.PolicyDns.scope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aya.gslb.geo.MmdbGeoLocator;
import io.aya.gslb.geo.TestMmdb;
import io.aya.gslb.zone.BalancedName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * The explain output as JSON (Jackson, as the admin API serves it): the client's location and matched
 * network, every region with distance, health, load and the step that kept or dropped it, and the final
 * answer, which is the one the server gives the same client over UDP.
 */
class ExplanationJsonTest {
  static final String ZONE =
      """
      www  30 IN GSLB us-east       192.0.2.10 192.0.2.11 check=web
      www  30 IN GSLB eu-west       198.51.100.10 check=web
      www  30 IN GSLB ap-southeast  203.0.113.10 check=web
      $POLICY www geo capacity fallback=all
      """;

  static final String LONDON = "81.2.69.160";

  @TempDir static Path dir;
  static MmdbGeoLocator geo;
  static PolicyDns dns;
  static BalancedName www;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() {
    geo =
        TestMmdb.geoIp2City()
            .city("81.2.69.0/24", "London", "GB", 51.51, -0.13)
            .city("10.0.0.0/8", "London", "GB", 51.51, -0.13)
            .open(dir.resolve("city.mmdb"));
    dns = PolicyDns.start(dir, geo, ZONE);
    www = dns.zones.current().zone(Fixtures.name("example.com.")).balancedNames().get(0);
  }

  @AfterAll
  static void stop() throws IOException {
    dns.close();
    geo.close();
  }

  private JsonNode explain(String client, int sourcePrefix) throws IOException {
    Explanation e = dns.engine.explain(www, null, Type.A, Fixtures.ip(client), sourcePrefix);
    return json.readTree(json.writeValueAsString(e));
  }

  private static JsonNode region(JsonNode explanation, String name) {
    for (JsonNode r : explanation.get("regions")) {
      if (r.get("region").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError("no region " + name + " in " + explanation);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void explainJsonHasTheLocationEveryRegionsDistanceHealthLoadAndDecidingStepAndTheAnswer() throws IOException {
    dns.health.drained.add("ap-southeast");
    dns.health.load.put("eu-west", 6100.0);
    dns.health.admit.put("eu-west", 0.0);
    dns.health.down.add(Fixtures.key("192.0.2.11"));
    try {
      JsonNode e = explain(LONDON, 32);

      assertEquals("www.example.com.", e.get("name").asText());
      assertEquals("A", e.get("type").asText());
      assertEquals("geo capacity answers=1 fallback=all ttl=30", e.get("policy").asText());

      JsonNode client = e.get("client");
      assertEquals(LONDON, client.get("address").asText());
      assertEquals(32, client.get("sourcePrefix").asInt());
      assertEquals("81.2.69.0/24", client.get("network").asText());
      assertEquals(24, client.get("scopePrefix").asInt());
      assertEquals("GB", client.get("country").asText());
      assertEquals("EU", client.get("continent").asText());
      assertEquals(51.51, client.get("latitude").asDouble(), 1e-9);
      assertEquals(-0.13, client.get("longitude").asDouble(), 1e-9);
      assertEquals("GEOIP", client.get("source").asText());

      assertEquals(3, e.get("regions").size());
      for (JsonNode r : e.get("regions")) {
        for (String field : List.of("region", "distanceKm", "membersUp", "members", "familyMembersUp", "drained",
            "load", "capacity", "admitFraction", "kept", "step", "reason", "rank", "steps")) {
          assertTrue(r.has(field), field + " in " + r);
        }
        assertTrue(r.get("distanceKm").isNumber(), r.toString());
        assertFalse(r.get("steps").isEmpty(), r.toString());
      }

      JsonNode eu = region(e, "eu-west");
      assertEquals(464, eu.get("distanceKm").asDouble(), 10, "London to Dublin");
      assertEquals(6100.0, eu.get("load").asDouble());
      assertEquals(6000, eu.get("capacity").asLong());
      assertEquals(0.0, eu.get("admitFraction").asDouble());
      assertEquals(1, eu.get("membersUp").asInt());
      assertFalse(eu.get("kept").asBoolean());
      assertEquals("capacity", eu.get("step").asText());
      assertTrue(eu.get("rank").isNull());

      JsonNode ap = region(e, "ap-southeast");
      assertEquals(10_860, ap.get("distanceKm").asDouble(), 100, "London to Singapore");
      assertTrue(ap.get("drained").asBoolean());
      assertFalse(ap.get("kept").asBoolean());
      assertEquals("up", ap.get("step").asText());
      assertEquals("region is drained", ap.get("reason").asText());

      JsonNode us = region(e, "us-east");
      assertEquals(5_900, us.get("distanceKm").asDouble(), 100, "London to Virginia");
      assertEquals(1, us.get("membersUp").asInt());
      assertEquals(2, us.get("members").asInt());
      assertTrue(us.get("load").isNull(), "no load report: null, not NaN");
      assertTrue(us.get("kept").asBoolean());
      assertEquals(1, us.get("rank").asInt());
      List<String> steps = new ArrayList<>();
      us.get("steps").forEach(d -> steps.add(d.get("step").asText()));
      assertEquals(List.of("up", "family", "capacity", "ranking", "answers"), steps);
      assertEquals("answers", us.get("step").asText());
      String rankingReason = us.get("steps").get(3).get("reason").asText();
      java.util.regex.Matcher km = java.util.regex.Pattern.compile("rank 1: (\\d+) km from the client")
          .matcher(rankingReason);
      assertTrue(km.matches(), rankingReason);
      assertEquals(us.get("distanceKm").asDouble(), Double.parseDouble(km.group(1)), 1.0,
          "the ranking step ranks by haversine and shows the km of distanceKm");

      assertEquals(List.of("us-east"), texts(e.get("ranking")));
      JsonNode answer = e.get("answer");
      assertEquals(List.of("192.0.2.10"), texts(answer.get("addresses")));
      assertEquals(30, answer.get("ttl").asLong());
      // one region and one member left: every client would get this answer
      assertEquals(0, answer.get("scopePrefix").asInt());
      assertFalse(answer.get("fallback").asBoolean());

      Message reply = dns.query("www", Type.A, LONDON, 32);
      assertEquals(texts(answer.get("addresses")), addresses(reply), "explain tells what the server answers");
      assertEquals(answer.get("scopePrefix").asInt(), scope(reply));
    } finally {
      dns.health.drained.clear();
      dns.health.load.clear();
      dns.health.admit.clear();
      dns.health.down.clear();
    }
  }

  @Test
  void explainJsonShowsTheCapacityHashThatDecidedAndMatchesTheUdpAnswer() throws IOException {
    dns.health.admit.put("eu-west", 0.5);
    try {
      int kept = 0;
      for (int i = 0; i < 40; i++) {
        String network = "10.1." + i + ".0";
        JsonNode e = explain(network, 24);
        JsonNode eu = region(e, "eu-west");
        double hash = eu.get("clientHash").asDouble();
        assertTrue(hash > 0 && hash < 1, eu.toString());
        assertEquals(hash < 0.5, eu.get("kept").asBoolean(), eu.toString());
        kept += eu.get("kept").asBoolean() ? 1 : 0;
        Message reply = dns.query("www", Type.A, network, 24);
        List<String> answer = texts(e.get("answer").get("addresses"));
        assertEquals(answer, addresses(reply), network);
        assertEquals(24, scope(reply), network);
        assertEquals(24, e.get("answer").get("scopePrefix").asInt(), network);
        assertEquals(eu.get("kept").asBoolean(), answer.equals(List.of("198.51.100.10")), network + " " + answer);
      }
      assertTrue(kept > 0 && kept < 40, "kept " + kept + " of 40");
    } finally {
      dns.health.admit.clear();
    }
  }

  @Test
  void explainJsonOfAFallbackSaysSo() throws IOException {
    dns.health.drained.addAll(List.of("us-east", "eu-west", "ap-southeast"));
    try {
      JsonNode e = explain(LONDON, 32);
      assertTrue(e.get("ranking").isEmpty());
      JsonNode answer = e.get("answer");
      assertTrue(answer.get("fallback").asBoolean());
      assertEquals(List.of("192.0.2.10", "192.0.2.11", "198.51.100.10", "203.0.113.10"), texts(answer.get("addresses")));
      assertEquals(0, answer.get("scopePrefix").asInt());
      assertTrue(answer.get("note").asText().contains("fallback=all"), answer.toString());
      for (JsonNode r : e.get("regions")) {
        assertEquals("up", r.get("step").asText());
        assertFalse(r.get("kept").asBoolean());
      }
    } finally {
      dns.health.drained.clear();
    }
  }
}
