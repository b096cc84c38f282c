package io.aya.gslb.policy;

import static io.aya.gslb.policy.PolicyDns.addresses;
import static io.aya.gslb.policy.PolicyDns.scope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.gslb.geo.MmdbGeoLocator;
import io.aya.gslb.geo.TestMmdb;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * Per-network choices over real UDP, measured over 10,000 client networks {@code 10.x.y.0/24} (ECS source
 * /24): weighted member and region splits, answers=N spreading, capacity spill-over and fallback, and the
 * independence of the hashes behind them. The geo database places all of {@code 10.0.0.0/8} in London as
 * one network, so every spread below also shows that a large geo network is still split per /24.
 */
class SpreadOverUdpTest {
  static final int NETWORKS = 10_000;
  /** 2% of the networks. */
  static final int TOLERANCE = NETWORKS / 50;

  static final String ZONE =
      """
      $REGION blue   51.50  -0.12
      $REGION green  51.50  -0.12

      canary     30 IN GSLB eu-west 198.51.100.10@9 198.51.100.11@1 check=web
      canary     30 IN GSLB us-east 192.0.2.10 check=web
      $POLICY canary geo weighted

      bluegreen  30 IN GSLB blue  192.0.2.1 192.0.2.2@2 check=web
      bluegreen  30 IN GSLB green 198.51.100.1 check=web
      $POLICY bluegreen weighted

      spread     30 IN GSLB eu-west 198.51.100.21 198.51.100.22 198.51.100.23 198.51.100.24 check=web
      spread     30 IN GSLB us-east 192.0.2.21 check=web
      $POLICY spread geo answers=2

      pick-w     30 IN GSLB eu-west 198.51.100.31 198.51.100.32 check=web
      $POLICY pick-w geo weighted
      pick-a     30 IN GSLB eu-west 198.51.100.31 198.51.100.32 check=web
      $POLICY pick-a geo answers=1

      cap        30 IN GSLB eu-west 198.51.100.41 198.51.100.42 check=web
      cap        30 IN GSLB us-east 192.0.2.41 192.0.2.42 check=web
      standby    30 IN GSLB eu-west 198.51.100.51 198.51.100.52 198.51.100.53@0 198.51.100.54@0 check=web
      $POLICY standby geo answers=1
      $POLICY cap geo capacity fallback=203.0.113.99
      """;

  @TempDir static Path dir;
  static MmdbGeoLocator geo;
  static PolicyDns dns;

  @BeforeAll
  static void start() {
    geo =
        TestMmdb.geoIp2City()
            .city("10.0.0.0/8", "London", "GB", 51.51, -0.13)
            .city("2001:67c:2e8::/48", "London", "GB", 51.51, -0.13)
            .open(dir.resolve("city.mmdb"));
    dns = PolicyDns.start(dir, geo, ZONE);
  }

  @AfterAll
  static void stop() throws IOException {
    dns.close();
    geo.close();
  }

  @AfterEach
  void allHealthy() {
    dns.health.down.clear();
    dns.health.admit.clear();
  }

  /** Client network {@code i}: {@code 10.x.y.0}. */
  static String network(int i) {
    return "10." + (i >>> 8) + "." + (i & 0xFF) + ".0";
  }

  /** The answer for network {@code i}, asserting the per-network ECS scope /24. */
  static List<String> answer(String name, int i) {
    Message reply = dns.query(name, Type.A, network(i), 24);
    assertEquals(24, scope(reply), () -> name + " for " + network(i) + "/24");
    return addresses(reply);
  }

  static final List<String> ALL_NETWORKS = networks();

  static List<String> networks() {
    List<String> out = new ArrayList<>(NETWORKS);
    for (int i = 0; i < NETWORKS; i++) {
      out.add(network(i));
    }
    return List.copyOf(out);
  }

  /** The answers for all networks, in network order, asserting the per-network ECS scope /24. */
  static List<List<String>> answers(String name) {
    List<Message> replies = dns.queryAll(name, Type.A, ALL_NETWORKS, 24);
    List<List<String>> out = new ArrayList<>(NETWORKS);
    for (int i = 0; i < NETWORKS; i++) {
      Message reply = replies.get(i);
      int n = i;
      assertEquals(24, scope(reply), () -> name + " for " + network(n) + "/24");
      out.add(addresses(reply));
    }
    return out;
  }

  static void assertNear(int expected, int actual, String what) {
    assertTrue(Math.abs(actual - expected) <= TOLERANCE, what + ": " + actual + " (expected " + expected + " ± 2%)");
  }

  static Map<String, Integer> countFirst(List<List<String>> answers) {
    Map<String, Integer> counts = new HashMap<>();
    for (List<String> a : answers) {
      counts.merge(a.get(0), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void weightedMembersSplitByWeightWithinTwoPercentAndStayPerNetwork() {
    List<List<String>> answers = answers("canary");
    Map<String, Integer> first = countFirst(answers);
    assertEquals(2, first.size(), "only eu-west members: " + first);
    assertNear(9000, first.get("198.51.100.10"), "weight 9");
    assertNear(1000, first.get("198.51.100.11"), "weight 1");

    // another host of the same /24, as a full address: the same network, the same answer
    for (int i = 0; i < NETWORKS; i += 97) {
      String host = network(i).replaceAll("\\.0$", ".77");
      Message reply = dns.query("canary", Type.A, host, 32);
      assertEquals(answers.get(i), addresses(reply), host);
      assertEquals(24, scope(reply), host);
    }

    // the hashed network is never longer than the source prefix, and a /56 for IPv6 clients
    assertEquals(20, scope(dns.query("canary", Type.A, "10.1.16.0", 20)));
    Message v6 = dns.query("canary", Type.A, "2001:67c:2e8:100::", 64);
    assertTrue(List.of("198.51.100.10", "198.51.100.11").containsAll(addresses(v6)), v6.toString());
    assertEquals(56, scope(v6), "a /56 inside the /48 database network");
  }

  @Test
  void weightedRegionsSplitByTheSumOfTheirMembersWeights() {
    Map<String, Integer> first = countFirst(answers("bluegreen"));
    int blue = first.getOrDefault("192.0.2.1", 0) + first.getOrDefault("192.0.2.2", 0);
    assertNear(7500, blue, "blue (region weight 3)");
    assertNear(2500, first.get("198.51.100.1"), "green (region weight 1)");
    assertNear(2500, first.get("192.0.2.1"), "blue member of weight 1");
    assertNear(5000, first.get("192.0.2.2"), "blue member of weight 2");
  }

  @Test
  void standbyMembersAreAnsweredOnlyWhenNoMemberWithAPositiveWeightIsUpAlsoWithoutWeighted() {
    Map<String, Integer> first = new HashMap<>();
    for (List<String> a : answers("standby")) {
      first.merge(a.get(0), 1, Integer::sum);
    }
    assertEquals(Set.of("198.51.100.51", "198.51.100.52"), first.keySet(), "standbys never answered: " + first);
    assertNear(NETWORKS / 2, first.get("198.51.100.51"), "198.51.100.51 answered");

    dns.health.down.add(Fixtures.key("198.51.100.51"));
    dns.health.down.add(Fixtures.key("198.51.100.52"));
    first.clear();
    for (List<String> a : answers("standby")) {
      first.merge(a.get(0), 1, Integer::sum);
    }
    assertEquals(Set.of("198.51.100.53", "198.51.100.54"), first.keySet(), "the standbys share the load: " + first);
    assertNear(NETWORKS / 2, first.get("198.51.100.53"), "198.51.100.53 answered");
  }

  @Test
  void answersSpreadsTheFirstNAddressesOverMembersAndStaysPerNetwork() {
    List<String> members = List.of("198.51.100.21", "198.51.100.22", "198.51.100.23", "198.51.100.24");
    List<List<String>> answers = answers("spread");
    Map<String, Integer> first = new HashMap<>();
    Map<String, Integer> included = new HashMap<>();
    Map<String, Integer> pairs = new HashMap<>();
    for (List<String> a : answers) {
      assertEquals(2, a.size(), a.toString());
      assertTrue(members.containsAll(a), a + " all from eu-west");
      assertNotEquals(a.get(0), a.get(1));
      first.merge(a.get(0), 1, Integer::sum);
      a.forEach(m -> included.merge(m, 1, Integer::sum));
      pairs.merge(a.stream().sorted().toList().toString(), 1, Integer::sum);
    }
    for (String m : members) {
      assertNear(NETWORKS / 4, first.getOrDefault(m, 0), m + " answered first");
      assertNear(NETWORKS / 2, included.getOrDefault(m, 0), m + " answered");
    }
    assertEquals(6, pairs.size(), pairs.toString());
    pairs.forEach((pair, n) -> assertNear(NETWORKS / 6, n, pair));
    for (int i = 0; i < NETWORKS; i += 101) {
      assertEquals(answers.get(i), answer("spread", i), network(i));
    }

    // a member going down moves only the networks that had it; they keep their other address
    dns.health.down.add(Fixtures.key("198.51.100.21"));
    List<List<String>> afterDown = answers("spread");
    int moved = 0;
    for (int i = 0; i < NETWORKS; i++) {
      List<String> before = answers.get(i);
      List<String> after = afterDown.get(i);
      assertFalse(after.contains("198.51.100.21"), after.toString());
      assertEquals(2, after.size());
      if (before.contains("198.51.100.21")) {
        moved++;
        String kept = before.get(0).equals("198.51.100.21") ? before.get(1) : before.get(0);
        assertEquals(kept, after.get(0), before + " -> " + after);
      } else {
        assertEquals(before, after, network(i));
      }
    }
    assertNear(NETWORKS / 2, moved, "networks that had the down member");
  }

  @Test
  void weightedChoiceAndAnswersChoiceAreIndependentHashes() {
    // the same two members, weighted in one name and spread by answers=1 in the other
    List<List<String>> weighted = answers("pick-w");
    List<List<String>> spread = answers("pick-a");
    Map<String, Integer> joint = new HashMap<>();
    for (int i = 0; i < NETWORKS; i++) {
      joint.merge(weighted.get(i).get(0) + " & " + spread.get(i).get(0), 1, Integer::sum);
    }
    assertEquals(4, joint.size(), joint.toString());
    joint.forEach((cell, n) -> assertNear(NETWORKS / 4, n, cell));
  }

  @Test
  void capacitySpillsTheShedShareToTheNextRegionMovingOnlyNetworksNearTheThreshold() {
    dns.health.admit.put("eu-west", 0.3);
    List<List<String>> at30 = answers("cap");
    int stay30 = 0;
    for (List<String> a : at30) {
      if (a.get(0).startsWith("198.51.100.")) {
        stay30++;
      } else {
        assertTrue(List.of("192.0.2.41", "192.0.2.42").contains(a.get(0)), a + " spilled to us-east");
      }
    }
    assertNear(3000, stay30, "networks kept by eu-west admitting 30%");

    dns.health.admit.put("eu-west", 0.5);
    List<List<String>> at50 = answers("cap");
    Map<String, Integer> joint = new HashMap<>();
    for (int i = 0; i < NETWORKS; i++) {
      String now = at50.get(i).get(0);
      boolean stays = now.startsWith("198.51.100.");
      if (at30.get(i).get(0).startsWith("198.51.100.")) {
        assertTrue(stays, network(i) + " was kept at 30% and must stay at 50%, got " + now);
      }
      // capacity decision x member choice: independent hashes give four equal cells
      joint.merge((stays ? "stays" : "spills") + " & member " + now.substring(now.length() - 1), 1, Integer::sum);
    }
    assertEquals(4, joint.size(), joint.toString());
    joint.forEach((cell, n) -> assertNear(NETWORKS / 4, n, cell));
  }

  @Test
  void networksShedByEveryRegionGetTheFallback() {
    dns.health.admit.put("eu-west", 0.5);
    dns.health.admit.put("us-east", 0.5);
    int fallback = 0;
    for (List<String> a : answers("cap")) {
      if (a.equals(List.of("203.0.113.99"))) {
        fallback++;
      } else {
        assertEquals(1, a.size(), a.toString());
      }
    }
    assertNear(NETWORKS / 4, fallback, "networks shed by both regions");

    // nothing admitted anywhere: everyone gets the fallback, whatever the network
    dns.health.admit.put("eu-west", 0.0);
    dns.health.admit.put("us-east", 0.0);
    for (int i = 0; i < NETWORKS; i += 211) {
      Message reply = dns.query("cap", Type.A, network(i), 24);
      assertEquals(List.of("203.0.113.99"), addresses(reply));
      assertEquals(0, scope(reply), "the answer does not depend on the client");
    }
  }
}
