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
 * A member that stops answering without closing its connections (a hung host, a cut cable) is dropped by
 * the heartbeat deadline: no heartbeat for {@link ClusterConfig#DEFAULT_FAILURE_TIMEOUT_SECONDS} seconds.
 * (A member whose process dies is dropped sooner: its peers see the connections close.)
 */
class FailureDetectionTest {
  @TempDir Path dir;
  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Nodes.closeAll(started);
  }

  @Test
  void aFrozenMasterIsDroppedWithinAFewSecondsAndItsLastHeardTimeAgesMeanwhile() {
    int pa = Nodes.freePort();
    int pb = Nodes.freePort();
    int pc = Nodes.freePort();
    List<String> all = Nodes.addresses(pa, pb, pc);
    // c starts first, so it is the oldest member (Hazelcast's master): the harder case
    ExternalMember c = new ExternalMember("c", pc, all, 2, dir.resolve("c.log"));
    started.add(c);
    c.awaitReady();
    ClusterNode a = ClusterNode.start(Nodes.config("a", pa, all, 2, null));
    started.add(a);
    ClusterNode b = ClusterNode.start(Nodes.config("b", pb, all, 2, null));
    started.add(b);
    await().atMost(Duration.ofSeconds(15)).until(() -> a.memberCount() == 3 && b.memberCount() == 3);
    await().atMost(Duration.ofSeconds(5)).until(() -> lastHeardAgeOfC(a) < 2_000);

    c.freeze();
    long frozenAt = System.nanoTime();
    // still a member for now, but not heard from for a while
    await().atMost(Duration.ofSeconds(5)).until(() -> lastHeardAgeOfC(a) > 2_000);
    await().atMost(Duration.ofSeconds(12)).until(() -> a.memberCount() == 2 && b.memberCount() == 2);
    long droppedMillis = (System.nanoTime() - frozenAt) / 1_000_000;
    System.out.println("frozen master dropped after " + droppedMillis + " ms");
    assertTrue(droppedMillis < 10_000, "dropped after " + droppedMillis + " ms");
    assertEquals(List.of("a", "b"), b.members().stream().map(MemberInfo::node).sorted().toList());
    // the survivors still share: a write on one reaches the other
    a.putLoad(new LoadReport("eu-west", "a", 3, System.currentTimeMillis()));
    await().atMost(Duration.ofSeconds(5)).until(() -> b.loads().size() == 1);
  }

  /** How long ago a last heard from c; 0 when c is not a member (any more). */
  private static long lastHeardAgeOfC(ClusterNode a) {
    for (MemberInfo m : a.members()) {
      if (m.node().equals("c")) {
        return System.currentTimeMillis() - m.lastHeardMillis();
      }
    }
    return 0;
  }
}
