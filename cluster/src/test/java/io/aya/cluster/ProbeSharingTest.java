package io.aya.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probe sharing by rendezvous hashing across real members, one of them in its own JVM so that it can die
 * without saying goodbye (kill -9), as a crashed node does.
 */
class ProbeSharingTest {
  private static final int KEYS = 200;

  @TempDir Path dir;
  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Nodes.closeAll(started);
  }

  private static List<String> keys() {
    List<String> keys = new ArrayList<>(KEYS);
    for (int i = 0; i < KEYS; i++) {
      keys.add("example.com/web@192.0." + (i / 250) + "." + (i % 250));
    }
    return keys;
  }

  @Test
  void everyEndpointIsProbedByKMembersAndStillByKAfterAMemberIsKilled() {
    int pa = Nodes.freePort();
    int pb = Nodes.freePort();
    int pc = Nodes.freePort();
    List<String> all = Nodes.addresses(pa, pb, pc);
    ExternalMember c = new ExternalMember("c", pc, all, 2, dir.resolve("c.log"));
    started.add(c);
    ClusterNode a = ClusterNode.start(Nodes.config("a", pa, all, 2, null));
    started.add(a);
    ClusterNode b = ClusterNode.start(Nodes.config("b", pb, all, 2, null));
    started.add(b);
    c.awaitReady();
    await().atMost(Duration.ofSeconds(15))
        .until(() -> a.memberCount() == 3 && b.memberCount() == 3 && c.memberCount() == 3);
    // the observation c shared from its own JVM reached the in-JVM members
    await().atMost(Duration.ofSeconds(5)).until(() -> a.observations().stream().anyMatch(o -> o.node().equals("c")));

    List<String> keys = keys();
    boolean[] byC = c.probes(keys);
    int[] owned = new int[3];
    for (int i = 0; i < KEYS; i++) {
      String key = keys.get(i);
      boolean[] by = {a.probesLocally(key), b.probesLocally(key), byC[i]};
      int probers = 0;
      for (int m = 0; m < 3; m++) {
        if (by[m]) {
          probers++;
          owned[m]++;
        }
      }
      assertEquals(2, probers, "probers of " + key);
    }
    // each member probes about 2/3 of the keys (133 of 200; one standard deviation is about 7)
    for (int m = 0; m < 3; m++) {
      assertTrue(owned[m] >= 110 && owned[m] <= 156, "member " + m + " probes " + owned[m] + " of " + KEYS);
    }

    c.kill();
    long killedAt = System.nanoTime();
    await().atMost(Duration.ofSeconds(10)).until(() -> a.memberCount() == 2 && b.memberCount() == 2);
    long noticedMillis = (System.nanoTime() - killedAt) / 1_000_000;
    System.out.println("killed member dropped after " + noticedMillis + " ms");
    assertTrue(noticedMillis < 10_000, "dropped after " + noticedMillis + " ms");
    assertEquals(List.of("a", "b"), a.members().stream().map(MemberInfo::node).sorted().toList());

    for (String key : keys) {
      assertTrue(a.probesLocally(key) && b.probesLocally(key), "both survivors probe " + key);
    }
  }

  @Test
  void withKOneEachEndpointHasExactlyOneProberAndAJoinMovesOnlyTheKeysTheNewcomerTakes() {
    int pa = Nodes.freePort();
    int pb = Nodes.freePort();
    int pc = Nodes.freePort();
    List<String> all = Nodes.addresses(pa, pb, pc);
    ClusterNode a = ClusterNode.start(Nodes.config("a", pa, all, 1, null));
    started.add(a);
    ClusterNode b = ClusterNode.start(Nodes.config("b", pb, all, 1, null));
    started.add(b);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.memberCount() == 2 && b.memberCount() == 2);
    List<String> keys = keys();
    boolean[] aBefore = new boolean[KEYS];
    for (int i = 0; i < KEYS; i++) {
      aBefore[i] = a.probesLocally(keys.get(i));
      assertTrue(aBefore[i] ^ b.probesLocally(keys.get(i)), "exactly one prober of " + keys.get(i));
    }

    ClusterNode c = ClusterNode.start(Nodes.config("c", pc, all, 1, null));
    started.add(c);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.memberCount() == 3 && b.memberCount() == 3);
    int taken = 0;
    for (int i = 0; i < KEYS; i++) {
      String key = keys.get(i);
      boolean byA = a.probesLocally(key);
      boolean byB = b.probesLocally(key);
      boolean byC = c.probesLocally(key);
      assertEquals(1, (byA ? 1 : 0) + (byB ? 1 : 0) + (byC ? 1 : 0), "probers of " + key);
      if (byC) {
        taken++;
      } else {
        assertEquals(aBefore[i], byA, "a key the newcomer did not take stays where it was: " + key);
      }
    }
    assertTrue(taken >= 45 && taken <= 90, "the newcomer takes about a third: " + taken);
  }
}
