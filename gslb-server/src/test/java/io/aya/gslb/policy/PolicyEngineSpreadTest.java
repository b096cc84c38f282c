package io.aya.gslb.policy;

import static io.aya.gslb.policy.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.Fallback;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class PolicyEngineSpreadTest {
  private final TestHealthView health = new TestHealthView();

  @Test
  void capacityKeepsAboutTheAdmittedFractionOfNetworksStablyAndSpillsTheRest() {
    BalancedName www = www(policy(true, List.of(), true, false, Set.of(), 1, Fallback.ALL));
    PolicyEngine engine = engine(londonNetworks(), health, www);
    health.admit.put("eu-west", 0.3);
    int stay = 0;
    for (int i = 0; i < 10_000; i++) {
      List<String> first = addresses(engine.resolve(www, Type.A, londonNetwork(i), 32));
      assertEquals(first, addresses(engine.resolve(www, Type.A, londonNetwork(i), 32)));
      if (first.get(0).equals("198.51.100.10")) {
        stay++;
      } else {
        assertTrue(US_EAST_V4.contains(first.get(0)), first + " is not us-east");
      }
    }
    assertTrue(Math.abs(stay - 3000) < 200, "stayed: " + stay);
    assertEquals(24, engine.resolve(www, Type.A, londonNetwork(1), 32).scopePrefix());
  }

  @Test
  void weightedMembersSplitWithinTwoPercentOverTenThousandNetworks() {
    BalancedName name =
        new BalancedName(
            name("canary.example.com."),
            List.of(pool(EU_WEST, "198.51.100.10@1", "198.51.100.11@3")),
            policy(true, List.of(), false, true, Set.of(), 1, Fallback.ALL));
    PolicyEngine engine = engine(londonNetworks(), health, name);
    int canary = 0;
    for (int i = 0; i < 10_000; i++) {
      if (addresses(engine.resolve(name, Type.A, londonNetwork(i), 32)).get(0).equals("198.51.100.10")) {
        canary++;
      }
    }
    assertTrue(Math.abs(canary - 2500) < 200, "canary: " + canary);
  }

  @Test
  void priorityFailoverIsOrderedAndHasScopeZero() {
    // one IPv4 member per region: nothing in the answer depends on the client
    BalancedName api =
        new BalancedName(
            name("api.example.com."),
            List.of(pool(US_EAST, "192.0.2.10"), pool(EU_WEST, "198.51.100.10"), pool(AP_SOUTHEAST, "203.0.113.10")),
            policy(false, List.of("ap-southeast", "us-east"), false, false, Set.of(), 1, Fallback.ALL));
    PolicyEngine engine = engine(cities(), health, api);
    BalancedAnswer answer = engine.resolve(api, Type.A, LONDON, 24);
    assertEquals(List.of("203.0.113.10"), addresses(answer));
    assertEquals(0, answer.scopePrefix());
    health.drained.add("ap-southeast");
    answer = engine.resolve(api, Type.A, LONDON, 24);
    assertEquals(List.of("192.0.2.10"), addresses(answer));
    assertEquals(0, answer.scopePrefix());
  }

  @Test
  void explainShowsTheStepThatDroppedEachRegion() throws Exception {
    BalancedName www = www(geo());
    PolicyEngine engine = engine(cities(), health, www);
    health.drained.add("eu-west");
    Explanation e = engine.explain(www, "example.com.", Type.A, LONDON, 32);
    Explanation.RegionReport eu = e.regions().get(1);
    assertEquals("eu-west", eu.region());
    assertEquals("up", eu.step());
    assertEquals(false, eu.kept());
    assertEquals(addresses(engine.resolve(www, Type.A, LONDON, 32)), e.answer().addresses());
    assertTrue(US_EAST_V4.contains(e.answer().addresses().get(0)), e.answer().toString());
    assertTrue(new ObjectMapper().writeValueAsString(e).contains("distanceKm"));
  }
}
