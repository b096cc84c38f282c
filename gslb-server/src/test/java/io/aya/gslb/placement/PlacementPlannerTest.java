package io.aya.gslb.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlacementPlannerTest {
  private static final double INF = Double.POSITIVE_INFINITY;
  private static final PlacementParams FULL = new PlacementParams(1.0, 2.0, 0, 0, 100000);
  private final PlacementPlanner planner = new PlacementPlanner();

  private static Site site(String name, double lon, double capacity) {
    return new Site(name, 0, lon, capacity, 0, true, 0);
  }

  private static NetworkDemand net(String cidr, double lon, double demand) {
    return new NetworkDemand(cidr, 0, lon, demand, DemandSource.REPORTED);
  }

  private static InetAddress addr(String literal) {
    return io.netty.util.NetUtil.createInetAddressFromIpAddressString(literal);
  }

  private PlacementPlan plan(List<Site> sites, List<NetworkDemand> nets) {
    return planner.plan(new PlacementProblem(sites, nets, Map.of(), FULL), PlacementPlan.EMPTY);
  }

  @Test
  void everyNetworkGoesToItsNearestRegionWhenCapacitySuffices() {
    PlacementPlan p = plan(
        List.of(site("a", 0, 100), site("b", 10, 100)),
        List.of(net("10.0.1.0/24", 1, 40), net("10.0.2.0/24", 9, 40)));
    assertThat(p.split("10.0.1.0/24")).containsExactly(Map.entry("a", 1.0));
    assertThat(p.split("10.0.2.0/24")).containsExactly(Map.entry("b", 1.0));
    assertThat(p.plannedLoad("a")).isEqualTo(40.0);
  }

  @Test
  void theOverflowMovesFromTheNetworkThatLosesLeastByMoving() {
    // hand-solved: a takes 100 of 120; moving n2 (1° from a, 9° from b) costs 8° per unit, moving n1 10°:
    // so exactly 20 of n2's 60 go to b
    PlacementPlan p = plan(
        List.of(site("a", 0, 100), site("b", 10, 100)),
        List.of(net("10.0.1.0/24", 0, 60), net("10.0.2.0/24", 1, 60)));
    assertThat(p.split("10.0.1.0/24")).containsExactly(Map.entry("a", 1.0));
    assertThat(p.split("10.0.2.0/24").get("a")).isCloseTo(40.0 / 60, within(1e-4));
    assertThat(p.split("10.0.2.0/24").get("b")).isCloseTo(20.0 / 60, within(1e-4));
    assertThat(p.plannedLoad("a")).isCloseTo(100, within(0.01));
    assertThat(p.overload("a")).isCloseTo(0, within(0.01));
  }

  @Test
  void aNetworkHalfwayBetweenTwoFullRegionsIsSplitEvenly() {
    PlacementPlan p = plan(
        List.of(site("a", 0, 50), site("b", 10, 50)), List.of(net("10.0.1.0/24", 5, 100)));
    assertThat(p.split("10.0.1.0/24").get("a")).isCloseTo(0.5, within(1e-4));
    assertThat(p.split("10.0.1.0/24").get("b")).isCloseTo(0.5, within(1e-4));
  }

  @Test
  void tiesAreBrokenTheSameWayWhateverTheOrderOfTheInputs() {
    List<Site> sites = new ArrayList<>(List.of(site("a", 0, INF), site("b", 10, INF), site("c", 5, 30)));
    List<NetworkDemand> nets = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      nets.add(net("10.0." + i + ".0/24", 5, 3));
    }
    PlacementPlan first = plan(sites, nets);
    Collections.reverse(sites);
    Collections.shuffle(nets, new Random(7));
    PlacementPlan second = plan(sites, nets);
    for (NetworkDemand n : nets) {
      assertThat(second.split(n.network())).isEqualTo(first.split(n.network()));
    }
    // c is the nearest and fits 30 of the 60; the rest is tied between a and b: 30 in total there
    assertThat(first.plannedLoad("c")).isCloseTo(30, within(0.01));
    assertThat(first.plannedLoad("a") + first.plannedLoad("b")).isCloseTo(30, within(0.01));
  }

  @Test
  void infeasibleCapacityGivesTheLeastOverloadSpreadOverTheRegions() {
    PlacementPlan p = plan(
        List.of(site("a", 0, 100), site("b", 10, 100)), List.of(net("10.0.1.0/24", 0, 300)));
    // 300 over 200 of capacity: 100 of overload in any case, least maximum utilisation is 150 % each
    assertThat(p.overload("a") + p.overload("b")).isCloseTo(100, within(0.01));
    assertThat(p.plannedLoad("a")).isCloseTo(150, within(5.01));
    assertThat(p.plannedLoad("b")).isCloseTo(150, within(5.01));
  }

  @Test
  void loadBetweenTheTargetAndTheCapacityIsPreferredToOverload() {
    PlacementParams target = new PlacementParams(0.8, 2.0, 0, 0, 100000);
    PlacementPlan p = planner.plan(new PlacementProblem(
        List.of(site("a", 0, 100), site("b", 10, 100)), List.of(net("10.0.1.0/24", 0, 190)), Map.of(), target),
        PlacementPlan.EMPTY);
    assertThat(p.plannedLoad("a")).isCloseTo(95, within(5.01));
    assertThat(p.overload("a") + p.overload("b")).isCloseTo(0, within(0.01));
  }

  @Test
  void aDrainedRegionGetsNothingEvenWhenTheOthersOverflow() {
    Site drained = new Site("a", 0, 0, 1000, 0, false, 0);
    PlacementPlan p = plan(List.of(drained, site("b", 10, 100)), List.of(net("10.0.1.0/24", 0, 150)));
    assertThat(p.split("10.0.1.0/24")).containsExactly(Map.entry("b", 1.0));
    assertThat(p.plannedLoad("a")).isEqualTo(0.0);
    assertThat(p.overload("b")).isCloseTo(50, within(0.01));
  }

  @Test
  void everythingDrainedLeavesNoPlanSoTheCapacityStepDecides() {
    Site drained = new Site("a", 0, 0, 1000, 0, false, 0);
    PlacementPlan p = plan(List.of(drained), List.of(net("10.0.1.0/24", 0, 150)));
    assertThat(p.networkCount()).isZero();
    assertThat(PlacementPlan.network(p.lookup(addr("10.0.1.7"), 32))).isEqualTo(-1);
  }

  @Test
  void ipv6NetworksArePlannedAndLookedUpByLongestPrefix() {
    PlacementPlan p = plan(
        List.of(site("a", 0, 100), site("b", 10, 100)),
        List.of(net("2001:db8:3::/48", 1, 30), net("2001:db8:3:4::/64", 9, 30), net("81.2.69.0/24", 9, 1)));
    long wide = p.lookup(addr("2001:db8:3:5::1"), 56);
    long narrow = p.lookup(addr("2001:db8:3:4::1"), 128);
    assertThat(p.pick(PlacementPlan.network(wide), 0.5)).isEqualTo("a");
    assertThat(p.pick(PlacementPlan.network(narrow), 0.5)).isEqualTo("b");
    assertThat(PlacementPlan.scope(narrow)).isEqualTo(64);
    long v4 = p.lookup(addr("81.2.69.200"), 24);
    assertThat(p.demand(PlacementPlan.network(v4)).network()).isEqualTo("81.2.69.0/24");
    assertThat(PlacementPlan.network(p.lookup(addr("81.2.70.1"), 24))).isEqualTo(-1);
  }

  @Test
  void aClientHashPicksEachRegionOfASplitInProportion() {
    PlacementPlan p = plan(
        List.of(site("a", 0, 25), site("b", 10, 1000)), List.of(net("10.0.1.0/24", 0, 100)));
    int i = PlacementPlan.network(p.lookup(addr("10.0.1.1"), 24));
    int toA = 0;
    for (int h = 0; h < 1000; h++) {
      toA += p.pick(i, (h + 0.5) / 1000).equals("a") ? 1 : 0;
    }
    assertThat(toA).isEqualTo(250);
  }

  @Test
  void aMeasuredRttReplacesTheDistanceModel() {
    Map<String, Map<String, Double>> rtt = Map.of("10.0.1.0/24", Map.of("b", 3.0, "a", 80.0));
    PlacementPlan p = planner.plan(new PlacementProblem(
        List.of(site("a", 0, 100), site("b", 10, 100)), List.of(net("10.0.1.0/24", 1, 10)), rtt, FULL),
        PlacementPlan.EMPTY);
    assertThat(p.split("10.0.1.0/24")).containsExactly(Map.entry("b", 1.0));
    int i = PlacementPlan.network(p.lookup(addr("10.0.1.1"), 24));
    assertThat(p.cost(i, "b")).isEqualTo(3.0);
    assertThat(p.measured(i, "b")).isTrue();
  }

  @Test
  void aRegionCostMakesTheOtherRegionWinWhenItOutweighsTheDistance() {
    Site expensive = new Site("a", 0, 0, 100, 50, true, 0);
    PlacementPlan p = plan(List.of(expensive, site("b", 10, 100)), List.of(net("10.0.1.0/24", 1, 10)));
    // 8° of extra distance ≈ 13 ms of modelled RTT, less than the 50 of cost=
    assertThat(p.split("10.0.1.0/24")).containsExactly(Map.entry("b", 1.0));
  }

  @Test
  void baseLoadThatNoNetworkAccountsForUsesUpCapacity() {
    Site busy = new Site("a", 0, 0, 100, 0, true, 80);
    PlacementPlan p = plan(List.of(busy, site("b", 10, 100)), List.of(net("10.0.1.0/24", 0, 50)));
    assertThat(p.split("10.0.1.0/24").get("a")).isCloseTo(0.4, within(1e-4));
    assertThat(p.plannedLoad("a")).isCloseTo(100, within(0.01));
  }

  @Test
  void aSmallChangeOfDemandMovesAtMostTwoPercentOfIt() {
    Random rnd = new Random(42);
    List<Site> sites = List.of(site("a", 0, 400), site("b", 20, 300), site("c", 40, 400), site("d", 60, 300));
    List<NetworkDemand> nets = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      nets.add(net("10." + (i / 256) + "." + (i % 256) + ".0/24", rnd.nextDouble() * 60, 1 + rnd.nextDouble() * 4));
    }
    PlacementPlan previous = planner.plan(new PlacementProblem(sites, nets, Map.of(), FULL), PlacementPlan.EMPTY);
    List<NetworkDemand> noisy = new ArrayList<>();
    for (NetworkDemand n : nets) {
      noisy.add(net(n.network(), n.longitude(), n.demand() * (0.98 + rnd.nextDouble() * 0.04)));
    }
    PlacementPlan next = planner.plan(new PlacementProblem(sites, noisy, Map.of(), FULL), previous);
    PlacementPlan fresh = planner.plan(
        new PlacementProblem(sites, noisy, Map.of(), new PlacementParams(1.0, 0, 0, 0, 100000)), PlacementPlan.EMPTY);
    assertThat(next.movedFraction(previous)).isLessThanOrEqualTo(0.02);
    assertThat(fresh.movedFraction(previous)).isGreaterThan(next.movedFraction(previous));
    for (String r : List.of("a", "b", "c", "d")) {
      assertThat(next.overload(r)).isCloseTo(0, within(0.05));
    }
  }

  @Test
  void networksOfOneLocationCellShareOneSplit() {
    PlacementParams cells = new PlacementParams(1.0, 2.0, 0, 1.0, 100000);
    PlacementPlan p = planner.plan(new PlacementProblem(
        List.of(site("a", 0, 50), site("b", 10, 1000)),
        List.of(net("10.0.1.0/24", 0.2, 50), net("10.0.2.0/24", 0.4, 50)), Map.of(), cells),
        PlacementPlan.EMPTY);
    assertThat(p.cells()).isEqualTo(1);
    assertThat(p.split("10.0.1.0/24")).isEqualTo(p.split("10.0.2.0/24"));
    assertThat(p.split("10.0.1.0/24").get("a")).isCloseTo(0.5, within(1e-4));
  }

  @Test
  void manyNetworksAreAggregatedIntoAtMostMaxCellsCells() {
    PlacementParams params = new PlacementParams(0.95, 2.0, 4, 0, 50);
    List<NetworkDemand> nets = new ArrayList<>();
    Random rnd = new Random(3);
    for (int i = 0; i < 2000; i++) {
      nets.add(new NetworkDemand("10." + (i / 256) + "." + (i % 256) + ".0/24", rnd.nextDouble() * 40,
          rnd.nextDouble() * 40, 1, DemandSource.REPORTED));
    }
    PlacementPlan p = planner.plan(new PlacementProblem(
        List.of(site("a", 0, INF), site("b", 20, INF)), nets, Map.of(), params), PlacementPlan.EMPTY);
    assertThat(p.cells()).isBetween(2, 50);
    assertThat(p.networkCount()).isEqualTo(2000);
  }

  @Test
  void aPlanOfTheSameNetworksAnswersLookupsLikeTheFirst() {
    List<Site> sites = List.of(site("a", 0, 100), site("b", 10, 100));
    List<NetworkDemand> nets = List.of(net("10.0.1.0/24", 1, 40), net("2001:db8:3::/48", 9, 40));
    PlacementPlan first = plan(sites, nets);
    PlacementPlan second = planner.plan(new PlacementProblem(sites, nets, Map.of(), FULL), first);
    for (String client : List.of("10.0.1.9", "2001:db8:3:1::1", "10.0.2.1")) {
      long a = first.lookup(addr(client), 128);
      long b = second.lookup(addr(client), 128);
      assertThat(b).isEqualTo(a);
      if (PlacementPlan.network(b) >= 0) {
        assertThat(second.pick(PlacementPlan.network(b), 0.5)).isEqualTo(first.pick(PlacementPlan.network(a), 0.5));
      }
    }
    assertThat(second.split("2001:db8:3::/48")).containsExactly(Map.entry("b", 1.0));
  }

  @Test
  void aMeasuredNetworkKeepsItsOwnSplitWhenItsNeighboursAreAggregated() {
    PlacementParams params = new PlacementParams(0.95, 2.0, 4, 0, 50);
    List<NetworkDemand> nets = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      nets.add(new NetworkDemand("10." + (i / 256) + "." + (i % 256) + ".0/24", 0.1 * (i % 10), 0.1 * (i / 100), 1,
          DemandSource.REPORTED));
    }
    Map<String, Map<String, Double>> rtt = Map.of("10.0.5.0/24", Map.of("a", 150.0, "b", 4.0));
    PlacementPlan p = planner.plan(new PlacementProblem(
        List.of(site("a", 0, INF), site("b", 40, INF)), nets, rtt, params), PlacementPlan.EMPTY);
    assertThat(p.cells()).isLessThanOrEqualTo(50);
    assertThat(p.split("10.0.5.0/24")).containsExactly(Map.entry("b", 1.0));
    assertThat(p.split("10.0.6.0/24")).containsExactly(Map.entry("a", 1.0));
  }
}
