package io.aya.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Commands sent to every member and the facts members publish about themselves, between real Hazelcast
 * members on loopback. The tests that need two members with one secret share one pair (each registers its own
 * commands and only one publishes facts); the others start their own members.
 */
class ClusterCommandsTest {
  private static final ClusterSecret SECRET = ClusterSecret.of("correct horse battery staple".getBytes(StandardCharsets.UTF_8));
  private static final ClusterSecret OTHER = ClusterSecret.of("another cluster's secret 123".getBytes(StandardCharsets.UTF_8));

  private static final List<ClusterNode> shared = new ArrayList<>();
  private static ClusterNode[] sharedPair;
  private final List<ClusterNode> started = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Nodes.closeAll(started);
  }

  @AfterAll
  static void closeShared() throws Exception {
    Nodes.closeAll(shared);
  }

  /** Two members with one secret, started by the first test that asks and shared by the others. */
  private static synchronized ClusterNode[] sharedPair() {
    if (sharedPair == null) {
      sharedPair = pair(SECRET, SECRET, shared);
    }
    return sharedPair;
  }

  private ClusterNode[] pair(ClusterSecret secretA, ClusterSecret secretB) {
    return pair(secretA, secretB, started);
  }

  private static ClusterNode[] pair(ClusterSecret secretA, ClusterSecret secretB, List<ClusterNode> started) {
    int pa = Nodes.freePort();
    int pb = Nodes.freePort();
    List<String> both = Nodes.addresses(pa, pb);
    ClusterNode[] ab = new ClusterNode[2];
    ab[0] = start("a", pa, both, secretA, started);
    ab[1] = start("b", pb, both, secretB, started);
    await().atMost(Duration.ofSeconds(30)).until(() -> ab[0].memberCount() == 2 && ab[1].memberCount() == 2);
    return ab;
  }

  private static ClusterNode start(String name, int port, List<String> members, ClusterSecret secret,
      List<ClusterNode> started) {
    ClusterNode n = ClusterNode.start(ClusterConfig.builder(name).clusterName("aya-test").bindHost("127.0.0.1")
        .port(port).members(members).mergeIntervalSeconds(1).secret(secret).build());
    started.add(n);
    return n;
  }

  @Test
  void aBroadcastRunsOnEveryMemberAndCollectsEachAnswer() throws Exception {
    ClusterNode[] ab = sharedPair();
    ab[0].onCommand("echo-each", p -> "a:" + p);
    ab[1].onCommand("echo-each", p -> {
      throw new IllegalStateException("b refuses " + p);
    });
    Map<String, CommandResult> r = ab[0].broadcast("echo-each", "hi", Duration.ofSeconds(10));
    assertEquals(new CommandResult(true, true, "a:hi"), r.get("a"));
    assertEquals(new CommandResult(true, false, "b refuses hi"), r.get("b"));
  }

  @Test
  void aMemberWithoutTheCommandAnswersThatItDoesNotKnowIt() throws Exception {
    ClusterNode[] ab = sharedPair();
    ab[1].onCommand("echo", p -> p);
    Map<String, CommandResult> r = ab[1].broadcast("echo", "x", Duration.ofSeconds(10));
    assertTrue(r.get("a").answered());
    assertFalse(r.get("a").ok());
    assertTrue(r.get("a").body().contains("unknown command 'echo'"), r.get("a").body());
  }

  @Test
  void aMemberWithAnotherSecretNeitherRunsTheCommandNorCountsAsAnswering() throws Exception {
    ClusterNode[] ab = pair(SECRET, OTHER);
    List<String> ranOnB = new java.util.concurrent.CopyOnWriteArrayList<>();
    ab[0].onCommand("echo", p -> p);
    ab[1].onCommand("echo", p -> {
      ranOnB.add(p);
      return p;
    });
    Map<String, CommandResult> r = ab[0].broadcast("echo", "x", Duration.ofSeconds(2));
    assertEquals(new CommandResult(true, true, "x"), r.get("a"));
    assertFalse(r.get("b").answered());
    assertEquals("no answer within 2 s", r.get("b").body());
    assertTrue(ranOnB.isEmpty());
  }

  @Test
  void factsPublishedByAMemberReachTheOthersAndFollowChanges() {
    ClusterNode[] ab = sharedPair();
    ab[0].publishFact("serials", "{\"t.test.\":1}");
    await().atMost(Duration.ofSeconds(10)).until(() -> "{\"t.test.\":1}".equals(ab[1].memberFacts().get("a").get("serials")));
    ab[0].publishFact("serials", "{\"t.test.\":2}");
    await().atMost(Duration.ofSeconds(10)).until(() -> "{\"t.test.\":2}".equals(ab[1].memberFacts().get("a").get("serials")));
    assertEquals("{\"t.test.\":2}", ab[0].memberFacts().get("a").get("serials"));
    assertEquals(Map.of(), ab[0].memberFacts().get("b"));
  }

  @Test
  void aMemberKilledBeforeItAnswersIsReportedAsGoneWithoutWaitingForTheTimeout(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    int pa = Nodes.freePort();
    int pc = Nodes.freePort();
    List<String> both = Nodes.addresses(pa, pc);
    ExternalMember c = new ExternalMember("c", pc, both, 2, dir.resolve("c.log"));
    try {
      c.awaitReady();
      ClusterNode a = ClusterNode.start(Nodes.config("a", pa, both, 2, null));
      started.add(a);
      await().atMost(Duration.ofSeconds(30)).until(() -> a.memberCount() == 2);
      a.onCommand("echo", p -> p);
      c.freeze();
      long sent = System.nanoTime();
      Map<String, CommandResult> r = a.broadcast("echo", "x", Duration.ofSeconds(60));
      long waitedSeconds = (System.nanoTime() - sent) / 1_000_000_000L;
      assertEquals(new CommandResult(true, true, "x"), r.get("a"));
      assertEquals(new CommandResult(false, false, "left the cluster before answering"), r.get("c"));
      assertTrue(waitedSeconds < 30, "waited " + waitedSeconds + " s for a member that had gone");
    } finally {
      c.close();
    }
  }
}
