package io.aya.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aya.cluster.OperatorOverride.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real split brain: two members of one cluster name that formed separate clusters (as the two sides of
 * a network partition do) find each other through the member list and merge; Hazelcast applies
 * {@link TimestampMergePolicy}, and both end on the newest value of every key.
 */
class SplitBrainMergeTest {
  @TempDir Path dir;
  private final List<ClusterNode> started = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Nodes.closeAll(started);
  }

  @Test
  void twoSeparatelyFormedClustersMergeAndConvergeOnTheNewestValues() {
    int pa = Nodes.freePort();
    int pb = Nodes.freePort();
    // a lists b, but b is not up yet: a forms a cluster of its own; b lists nobody and forms another
    ClusterNode a = ClusterNode.start(Nodes.config("a", pa, Nodes.addresses(pa, pb), 2, dir.resolve("a")));
    started.add(a);
    a.putOverride(new OperatorOverride(Kind.DRAIN, "eu-west", true, 1_000, "a"));
    a.putOverride(new OperatorOverride(Kind.FORCE_DOWN, "*@192.0.2.10", true, 3_000, "a"));
    a.putOverride(new OperatorOverride(Kind.DRAIN, "ap-south", true, 3_000, "a"));
    a.putObservation(new Observation("e@192.0.2.1", "x", true, 2_000, "HTTP 200"));
    // a key only a has (b has us-east and a load report that a lacks): whichever side merges into the
    // other must learn the other side's values, not only those both sides wrote
    a.putOverride(new OperatorOverride(Kind.FORCE_UP, "*@198.51.100.7", true, 1_500, "a"));
    ClusterNode b = ClusterNode.start(Nodes.config("b", pb, List.of(), 2, dir.resolve("b")));
    started.add(b);
    b.putOverride(new OperatorOverride(Kind.DRAIN, "eu-west", false, 2_000, "b"));
    b.putOverride(new OperatorOverride(Kind.FORCE_DOWN, "*@192.0.2.10", false, 2_500, "b"));
    b.putOverride(new OperatorOverride(Kind.DRAIN, "ap-south", false, 3_000, "b"));
    b.putOverride(new OperatorOverride(Kind.DRAIN, "us-east", true, 4_000, "b"));
    b.putObservation(new Observation("e@192.0.2.1", "x", false, 2_500, "HTTP 503"));
    b.putLoad(new LoadReport("eu-west", "b", 7, 2_500));

    // a's split-brain search (every second here) finds b; one side merges into the other
    await().atMost(Duration.ofSeconds(20)).until(() -> a.memberCount() == 2 && b.memberCount() == 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> a.mergeCount() + b.mergeCount() == 1);

    Set<OperatorOverride> newest = Set.of(
        new OperatorOverride(Kind.DRAIN, "eu-west", false, 2_000, "b"),
        new OperatorOverride(Kind.FORCE_DOWN, "*@192.0.2.10", true, 3_000, "a"),
        // equal timestamps: the override in force wins
        new OperatorOverride(Kind.DRAIN, "ap-south", true, 3_000, "a"),
        new OperatorOverride(Kind.DRAIN, "us-east", true, 4_000, "b"),
        new OperatorOverride(Kind.FORCE_UP, "*@198.51.100.7", true, 1_500, "a"));
    for (ClusterNode n : List.of(a, b)) {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertEquals(newest, Set.copyOf(n.overrides()), n.nodeName());
        assertEquals(List.of(new Observation("e@192.0.2.1", "x", false, 2_500, "HTTP 503")), n.observations(),
            n.nodeName());
        assertEquals(List.of(new LoadReport("eu-west", "b", 7, 2_500)), n.loads(), n.nodeName());
      });
    }
    // writes after the merge flow both ways
    a.putLoad(new LoadReport("eu-west", "a", 8, 5_000));
    await().atMost(Duration.ofSeconds(5)).until(() -> b.loads().equals(List.of(new LoadReport("eu-west", "a", 8, 5_000))));
    assertEquals(Set.copyOf(new OverrideStore(dir.resolve("b")).load()), newest);
    await().atMost(Duration.ofSeconds(5)).until(() -> Set.copyOf(new OverrideStore(dir.resolve("a")).load()).equals(newest));
  }
}
