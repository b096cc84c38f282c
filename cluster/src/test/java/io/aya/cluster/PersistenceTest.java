package io.aya.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.cluster.OperatorOverride.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overrides persisted by every node in its state directory and merged when nodes start and join. */
class PersistenceTest {
  @TempDir Path dir;
  private final List<ClusterNode> started = new ArrayList<>();
  private final int pa = Nodes.freePort();
  private final int pb = Nodes.freePort();
  private final List<String> both = Nodes.addresses(pa, pb);

  @AfterEach
  void closeAll() throws Exception {
    Nodes.closeAll(started);
  }

  private ClusterNode a() {
    return start(Nodes.config("a", pa, both, 2, dir.resolve("a")));
  }

  private ClusterNode b() {
    return start(Nodes.config("b", pb, both, 2, dir.resolve("b")));
  }

  private ClusterNode start(ClusterConfig c) {
    ClusterNode n = ClusterNode.start(c);
    started.add(n);
    return n;
  }

  private static void closeBoth(ClusterNode x, ClusterNode y) throws Exception {
    Nodes.closeAll(List.of(x, y));
  }

  private static Set<OperatorOverride> set(Collection<OperatorOverride> c) {
    return Set.copyOf(c);
  }

  @Test
  void anOverrideSurvivesARestartOfEveryNodeAndEachNodePersistedItItself() throws Exception {
    ClusterNode a = a();
    ClusterNode b = b();
    await().atMost(Duration.ofSeconds(10)).until(() -> a.memberCount() == 2);
    OperatorOverride drain = new OperatorOverride(Kind.DRAIN, "eu-west", true, System.currentTimeMillis(), "a");
    a.putOverride(drain);
    // b persists what it received from a, promptly and without being closed
    await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(dir.resolve("b/overrides.json"))
        && new OverrideStore(dir.resolve("b")).load().equals(List.of(drain)));
    closeBoth(a, b);

    // b alone first: it has the drain from its own disk, not from a
    ClusterNode b2 = b();
    assertEquals(Set.of(drain), set(b2.overrides()));
    ClusterNode a2 = a();
    await().atMost(Duration.ofSeconds(10)).until(() -> a2.memberCount() == 2 && b2.memberCount() == 2);
    assertEquals(Set.of(drain), set(a2.overrides()));
    assertEquals(Set.of(drain), set(b2.overrides()));
  }

  @Test
  void nodesThatChangedOverridesWhileTheOtherWasDownConvergeOnTheNewestAfterJoining() throws Exception {
    ClusterNode a = a();
    ClusterNode b = b();
    await().atMost(Duration.ofSeconds(10)).until(() -> a.memberCount() == 2);
    a.putOverride(new OperatorOverride(Kind.DRAIN, "eu-west", true, 1_000, "a"));
    await().atMost(Duration.ofSeconds(5)).until(() -> b.overrides().size() == 1);
    b.close();

    // while b is down, a undrains eu-west and forces an endpoint down
    OperatorOverride undrain = new OperatorOverride(Kind.DRAIN, "eu-west", false, 3_000, "a");
    OperatorOverride forceDownByA = new OperatorOverride(Kind.FORCE_DOWN, "*@192.0.2.10", true, 3_100, "a");
    a.putOverride(undrain);
    a.putOverride(forceDownByA);
    a.close();

    // then b comes back alone (a down): it still holds the old drain, and changes other things
    ClusterNode b2 = b();
    assertEquals(1, b2.memberCount());
    assertEquals(Set.of(new OperatorOverride(Kind.DRAIN, "eu-west", true, 1_000, "a")),
        set(b2.overrides()));
    OperatorOverride olderForce = new OperatorOverride(Kind.FORCE_DOWN, "*@192.0.2.10", false, 3_050, "b");
    OperatorOverride drainUs = new OperatorOverride(Kind.DRAIN, "us-east", true, 4_000, "b");
    b2.putOverride(olderForce);
    b2.putOverride(drainUs);

    // a restarts and joins b: each side brings its persisted overrides, the newest per key wins everywhere
    ClusterNode a2 = a();
    await().atMost(Duration.ofSeconds(10)).until(() -> a2.memberCount() == 2 && b2.memberCount() == 2);
    Set<OperatorOverride> expected = Set.of(undrain, forceDownByA, drainUs);
    await().atMost(Duration.ofSeconds(10)).until(() -> set(a2.overrides()).equals(expected)
        && set(b2.overrides()).equals(expected));
    // and both persisted the merged set
    await().atMost(Duration.ofSeconds(5)).until(() -> Set.copyOf(new OverrideStore(dir.resolve("a")).load())
        .equals(expected) && Set.copyOf(new OverrideStore(dir.resolve("b")).load()).equals(expected));
  }

  @Test
  void aNodeWithoutAStateDirectoryWritesNothing() throws Exception {
    ClusterNode n = start(Nodes.config("mem", Nodes.freePort(), List.of(), 2, null));
    n.putOverride(new OperatorOverride(Kind.DRAIN, "eu-west", true, 1, "mem"));
    assertEquals(1, n.overrides().size());
    try (var files = Files.list(dir)) {
      assertTrue(files.findAny().isEmpty());
    }
  }
}
