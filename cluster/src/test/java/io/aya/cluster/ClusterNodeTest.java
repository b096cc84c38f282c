package io.aya.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.cluster.OperatorOverride.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sharing between real Hazelcast members in this JVM, on loopback. */
class ClusterNodeTest {
  private final List<ClusterNode> started = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Nodes.closeAll(started);
  }

  private ClusterNode start(ClusterConfig c) {
    ClusterNode n = ClusterNode.start(c);
    started.add(n);
    return n;
  }

  /** Two members that see each other. */
  private ClusterNode[] pair() {
    int pa = Nodes.freePort();
    int pb = Nodes.freePort();
    List<String> both = Nodes.addresses(pa, pb);
    ClusterNode a = start(Nodes.config("a", pa, both, 2, null));
    ClusterNode b = start(Nodes.config("b", pb, both, 2, null));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.memberCount() == 2 && b.memberCount() == 2);
    return new ClusterNode[] {a, b};
  }

  @Test
  void aPutOnOneMemberReachesTheOthersAndFiresTheirListeners() {
    int pa = Nodes.freePort();
    int pb = Nodes.freePort();
    int pc = Nodes.freePort();
    List<String> all = Nodes.addresses(pa, pb, pc);
    ClusterNode a = start(Nodes.config("a", pa, all, 2, null));
    ClusterNode b = start(Nodes.config("b", pb, all, 2, null));
    ClusterNode c = start(Nodes.config("c", pc, all, 2, null));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.memberCount() == 3 && c.memberCount() == 3);
    AtomicInteger fired = new AtomicInteger();
    c.addListener(fired::incrementAndGet);
    a.putObservation(new Observation("e@192.0.2.1", "a", false, System.currentTimeMillis(), "HTTP 503"));
    a.putLoad(new LoadReport("eu-west", "a", 42.5, System.currentTimeMillis()));
    a.putOverride(new OperatorOverride(Kind.DRAIN, "us-east", true, System.currentTimeMillis(), "a"));
    for (ClusterNode n : List.of(b, c)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> n.observations().size() == 1 && n.loads().size() == 1
          && n.overrides().size() == 1);
      assertFalse(n.observations().iterator().next().up());
      assertEquals(42.5, n.loads().iterator().next().load());
      assertTrue(n.overrides().iterator().next().active());
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> fired.get() > 0);
  }

  @Test
  void anOlderValueNeverReplacesANewerOneOnAnyMember() {
    ClusterNode[] ab = pair();
    ClusterNode a = ab[0];
    ClusterNode b = ab[1];
    a.putOverride(new OperatorOverride(Kind.DRAIN, "eu-west", false, 2_000, "a"));
    a.putObservation(new Observation("e@192.0.2.1", "x", true, 2_000, "HTTP 200"));
    a.putLoad(new LoadReport("eu-west", "a", 10, 2_000));
    await().atMost(Duration.ofSeconds(5)).until(() -> b.overrides().size() == 1 && b.observations().size() == 1
        && b.loads().size() == 1);
    // b writes older values for the same keys after a's newer ones reached it
    b.putOverride(new OperatorOverride(Kind.DRAIN, "eu-west", true, 1_000, "b"));
    b.putObservation(new Observation("e@192.0.2.1", "x", false, 1_000, "HTTP 503"));
    b.putLoad(new LoadReport("eu-west", "b", 99, 1_000));
    // and a newer value for another key, to know when b's writes have been seen by a
    b.putLoad(new LoadReport("us-east", "b", 1, 3_000));
    await().atMost(Duration.ofSeconds(5)).until(() -> a.loads().size() == 2);
    for (ClusterNode n : ab) {
      assertEquals(List.of(new OperatorOverride(Kind.DRAIN, "eu-west", false, 2_000, "a")), List.copyOf(n.overrides()));
      assertEquals(List.of(new Observation("e@192.0.2.1", "x", true, 2_000, "HTTP 200")),
          List.copyOf(n.observations()));
      assertTrue(n.loads().contains(new LoadReport("eu-west", "a", 10, 2_000)), n.loads().toString());
    }
  }

  @Test
  void writesWithEqualTimestampsSettleOnTheSameValueEverywhereWhateverTheOrder() {
    ClusterNode[] ab = pair();
    ClusterNode a = ab[0];
    ClusterNode b = ab[1];
    // written at the same time on both members: each first holds its own, then both must agree
    a.putOverride(new OperatorOverride(Kind.DRAIN, "eu-west", false, 5_000, "a"));
    b.putOverride(new OperatorOverride(Kind.DRAIN, "eu-west", true, 5_000, "b"));
    a.putLoad(new LoadReport("eu-west", "a", 10, 5_000));
    b.putLoad(new LoadReport("eu-west", "b", 20, 5_000));
    a.putObservation(new Observation("e@192.0.2.1", "x", false, 5_000, "HTTP 503"));
    b.putObservation(new Observation("e@192.0.2.1", "x", true, 5_000, "HTTP 200"));
    OperatorOverride drain = new OperatorOverride(Kind.DRAIN, "eu-west", true, 5_000, "b");
    LoadReport load = new LoadReport("eu-west", "b", 20, 5_000);
    Observation down = new Observation("e@192.0.2.1", "x", false, 5_000, "HTTP 503");
    for (ClusterNode n : ab) {
      await().atMost(Duration.ofSeconds(5)).until(() -> List.copyOf(n.overrides()).equals(List.of(drain))
          && List.copyOf(n.loads()).equals(List.of(load)) && List.copyOf(n.observations()).equals(List.of(down)));
    }
  }

  @Test
  void aNodeWithNoMembersIsAClusterOfOneAndStartsQuickly() {
    // the first Hazelcast start in a JVM spends seconds loading classes; that is not what is measured
    start(ClusterConfig.builder("warm").clusterName("aya-warm").port(0).build()).close();
    long t0 = System.nanoTime();
    ClusterNode solo = start(ClusterConfig.builder("solo").clusterName("aya-solo").port(0).build());
    long startMillis = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(startMillis < 3_000, "started in " + startMillis + " ms");
    assertEquals(1, solo.memberCount());
    MemberInfo self = solo.members().get(0);
    assertEquals("solo", self.node());
    assertTrue(self.local());
    assertEquals(solo.address(), self.address());
    assertTrue(solo.address().startsWith("127.0.0.1:") && !solo.address().endsWith(":0"), solo.address());
    // alone it probes everything, and nothing arrives from elsewhere
    assertTrue(solo.probesLocally("example.com/web@192.0.2.1"));
    solo.putObservation(new Observation("e@192.0.2.1", "solo", true, System.currentTimeMillis(), ""));
    assertEquals(1, solo.observations().size());
    assertEquals(-1, solo.lastPropagationDelayMillis());
    assertEquals(0, solo.mergeCount());
  }

  @Test
  void aNodeWhoseListedMembersAreAllDownStartsAloneWithinAFewSeconds() {
    start(ClusterConfig.builder("warm").clusterName("aya-warm").port(0).build()).close();
    List<String> nobody = Nodes.addresses(Nodes.freePort(), Nodes.freePort());
    long t0 = System.nanoTime();
    ClusterNode n = start(Nodes.config("lonely", Nodes.freePort(), nobody, 2, null));
    long startMillis = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(startMillis < 5_000, "started in " + startMillis + " ms");
    assertEquals(1, n.memberCount());
  }

  @Test
  void membersWithAnotherClusterNameNeverJoinEvenWhenTheyListEachOther() {
    int pa = Nodes.freePort();
    int pb = Nodes.freePort();
    int pc = Nodes.freePort();
    List<String> all = Nodes.addresses(pa, pb, pc);
    ClusterNode a = start(Nodes.config("a", pa, all, 2, null));
    ClusterNode b = start(ClusterConfig.builder("b").clusterName("aya-other").port(pb).members(all)
        .mergeIntervalSeconds(1).build());
    // several split-brain searches (every second here) find b and must leave it out
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> a.memberCount() == 1 && b.memberCount() == 1);
    a.putLoad(new LoadReport("eu-west", "a", 1, System.currentTimeMillis()));
    // a member with a's cluster name, listing the same addresses, does join a
    ClusterNode c = start(Nodes.config("c", pc, all, 2, null));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.memberCount() == 2 && c.memberCount() == 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> c.loads().size() == 1);
    assertEquals(1, b.memberCount());
    assertTrue(b.loads().isEmpty(), b.loads().toString());
  }

  @Test
  void aTakenPortFailsTheStartWithTheAddressInTheMessage() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> start(Nodes.config("x", taken.getLocalPort(), List.of(), 2, null)));
      assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
    }
  }

  @Test
  void membersCarryNamesAddressesAndRecentLastHeardTimes() {
    ClusterNode[] ab = pair();
    ClusterNode a = ab[0];
    ClusterNode b = ab[1];
    long before = System.currentTimeMillis();
    // heartbeats arrive every second: within a few seconds a has heard b after 'before'
    await().atMost(Duration.ofSeconds(5)).until(() -> a.members().stream()
        .anyMatch(m -> m.node().equals("b") && !m.local() && m.lastHeardMillis() > before));
    List<MemberInfo> seen = a.members();
    assertEquals(2, seen.size());
    for (MemberInfo m : seen) {
      String expected = m.node().equals("a") ? a.address() : b.address();
      assertEquals(expected, m.address());
      assertEquals(m.node().equals("a"), m.local());
      assertTrue(System.currentTimeMillis() - m.lastHeardMillis() < 5_000, m.toString());
    }
  }

  @Test
  void propagationDelayIsReceiveTimeMinusTheTimestampOfValuesFromOtherNodes() {
    ClusterNode[] ab = pair();
    ClusterNode a = ab[0];
    ClusterNode b = ab[1];
    // b's heartbeats alone keep a's figure current in a quiet cluster
    await().atMost(Duration.ofSeconds(5)).until(() -> a.lastPropagationDelayMillis() >= 0);
    assertTrue(a.lastPropagationDelayMillis() < 3_000, "delay " + a.lastPropagationDelayMillis());
    // a value stamped before a joined (as a rejoining node's persisted overrides are) is not in flight:
    // it is not measured, whereas a value stamped since is
    b.putObservation(new Observation("e@192.0.2.1", "b", true, System.currentTimeMillis() - 60_000, ""));
    await().atMost(Duration.ofSeconds(5)).until(() -> a.observations().size() == 1);
    assertTrue(a.lastPropagationDelayMillis() < 60_000, "stale value not counted: " + a.lastPropagationDelayMillis());
    long sent = System.currentTimeMillis();
    b.putLoad(new LoadReport("eu-west", "b", 1, sent));
    await().atMost(Duration.ofSeconds(5)).until(() -> a.loads().size() == 1);
    long delay = a.lastPropagationDelayMillis();
    assertTrue(delay >= 0 && delay <= System.currentTimeMillis() - sent + 1, "delay " + delay);
  }

  @Test
  void closingLeavesTheClusterAndTheOthersDropTheMemberAtOnce() {
    ClusterNode[] ab = pair();
    AtomicInteger changes = new AtomicInteger();
    ab[0].addListener(changes::incrementAndGet);
    ab[1].close();
    await().atMost(Duration.ofSeconds(5)).until(() -> ab[0].memberCount() == 1);
    await().atMost(Duration.ofSeconds(2)).until(() -> changes.get() > 0);
    assertTrue(ab[0].probesLocally("anything"));
    ab[1].close(); // idempotent
  }
}
