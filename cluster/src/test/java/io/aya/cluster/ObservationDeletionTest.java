package io.aya.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deleting observations between real Hazelcast members in this JVM, on loopback. */
class ObservationDeletionTest {
  private static final String GONE = "example.com/web@192.0.2.1";
  private static final String KEPT = "example.com/web@192.0.2.2";
  private final List<ClusterNode> started = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Nodes.closeAll(started);
  }

  private List<ClusterNode> cluster(String... names) {
    int[] ports = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      ports[i] = Nodes.freePort();
    }
    List<String> all = Nodes.addresses(ports);
    List<ClusterNode> nodes = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      ClusterNode n = ClusterNode.start(Nodes.config(names[i], ports[i], all, 2, null));
      started.add(n);
      nodes.add(n);
    }
    await().atMost(Duration.ofSeconds(15)).until(() -> nodes.stream().allMatch(n -> n.memberCount() == names.length));
    return nodes;
  }

  private static boolean holds(ClusterNode n, String endpoint, String node) {
    String key = Observation.key(endpoint, node);
    return n.observations().stream().anyMatch(o -> o.key().equals(key)) || n.observationReplica().containsKey(key);
  }

  private static boolean holdsInBoth(ClusterNode n, String endpoint, String node) {
    String key = Observation.key(endpoint, node);
    return n.observations().stream().anyMatch(o -> o.key().equals(key)) && n.observationReplica().containsKey(key);
  }

  @Test
  void aDeletedObservationLeavesTheReplicatedMapAndTheViewOfEveryMember() {
    List<ClusterNode> nodes = cluster("a", "b", "c");
    ClusterNode a = nodes.get(0);
    long now = System.currentTimeMillis();
    a.putObservation(new Observation(GONE, "a", true, now, "HTTP 200"));
    a.putObservation(new Observation(KEPT, "a", true, now, "HTTP 200"));
    for (ClusterNode n : nodes) {
      await().atMost(Duration.ofSeconds(5)).until(() -> holdsInBoth(n, GONE, "a") && holdsInBoth(n, KEPT, "a"));
    }

    assertTrue(a.removeObservation(GONE, "a", Long.MAX_VALUE));

    for (ClusterNode n : nodes) {
      await().atMost(Duration.ofSeconds(5)).until(() -> !holds(n, GONE, "a"));
      assertTrue(holdsInBoth(n, KEPT, "a"), "the other observation went too on " + n.nodeName());
    }
    // several reconcile rounds (1 s each) later nobody has written it back
    for (ClusterNode n : nodes) {
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> !holds(n, GONE, "a"));
    }
  }

  @Test
  void anOldCopyWrittenBackByAMemberThatMissedTheDeletionIsDeletedAgain() {
    List<ClusterNode> nodes = cluster("a", "b");
    ClusterNode a = nodes.get(0);
    ClusterNode b = nodes.get(1);
    Observation old = new Observation(GONE, "a", false, System.currentTimeMillis(), "HTTP 503");
    a.putObservation(old);
    await().atMost(Duration.ofSeconds(5)).until(() -> holdsInBoth(b, GONE, "a"));
    String json = b.observationReplica().get(old.key());

    a.removeObservation(GONE, "a", old.timestampMillis());
    await().atMost(Duration.ofSeconds(5)).until(() -> !holds(a, GONE, "a") && !holds(b, GONE, "a"));
    // what a member that was cut off during the deletion does after the heal: it writes its copy back
    b.observationReplica().put(old.key(), json);

    for (ClusterNode n : nodes) {
      await().atMost(Duration.ofSeconds(5)).until(() -> !holds(n, GONE, "a"));
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
          .until(() -> n.observations().stream().noneMatch(o -> o.key().equals(old.key())));
    }
  }

  @Test
  void aNewerObservationWrittenAfterTheDeletionIsKeptEverywhere() {
    List<ClusterNode> nodes = cluster("a", "b");
    ClusterNode a = nodes.get(0);
    long t = System.currentTimeMillis();
    a.putObservation(new Observation(GONE, "a", true, t, "HTTP 200"));
    a.removeObservation(GONE, "a", t);
    a.putObservation(new Observation(GONE, "a", false, t + 1, "HTTP 503"));
    for (ClusterNode n : nodes) {
      await().atMost(Duration.ofSeconds(5)).until(() -> holdsInBoth(n, GONE, "a")
          && n.observations().stream().anyMatch(o -> o.key().equals(Observation.key(GONE, "a")) && !o.up()));
    }
  }

  @Test
  void aDeletionByAnotherNodeRemovesTheObserversCopyTooUntilItWritesANewerOne() {
    List<ClusterNode> nodes = cluster("a", "b");
    ClusterNode a = nodes.get(0);
    ClusterNode b = nodes.get(1);
    long t = System.currentTimeMillis();
    a.putObservation(new Observation(GONE, "a", true, t, "HTTP 200"));
    await().atMost(Duration.ofSeconds(5)).until(() -> holdsInBoth(b, GONE, "a"));

    b.removeObservation(GONE, "a", t);

    for (ClusterNode n : nodes) {
      await().atMost(Duration.ofSeconds(5)).until(() -> !holds(n, GONE, "a"));
    }
    a.putObservation(new Observation(GONE, "a", true, t, "HTTP 200")); // as old as the deletion: refused
    a.putObservation(new Observation(GONE, "a", false, t + 1, "HTTP 503"));
    for (ClusterNode n : nodes) {
      await().atMost(Duration.ofSeconds(5)).until(() -> holdsInBoth(n, GONE, "a")
          && n.observations().stream().anyMatch(o -> o.key().equals(Observation.key(GONE, "a")) && !o.up()));
    }
  }
}
