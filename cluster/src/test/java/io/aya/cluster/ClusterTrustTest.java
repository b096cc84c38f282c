package io.aya.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.cluster.OperatorOverride.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open-source Hazelcast admits any process that knows the cluster name: real members on loopback show that
 * only values sealed with the cluster secret, and not dated far ahead, steer the others.
 */
class ClusterTrustTest {
  private static final ClusterSecret SECRET = ClusterSecret.of("correct horse battery staple".getBytes(StandardCharsets.UTF_8));
  private static final ClusterSecret OTHER = ClusterSecret.of("another cluster's secret 123".getBytes(StandardCharsets.UTF_8));
  private static final long YEAR_2100 = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

  private final List<ClusterNode> started = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Nodes.closeAll(started);
  }

  private ClusterNode start(String name, int port, List<String> members, ClusterSecret secret) {
    ClusterConfig base = Nodes.config(name, port, members, 2, null);
    ClusterNode n = ClusterNode.start(ClusterConfig.builder(name).clusterName(base.clusterName())
        .bindHost(base.bindHost()).port(port).members(members).mergeIntervalSeconds(1).secret(secret).build());
    started.add(n);
    return n;
  }

  private ClusterNode[] pair(ClusterSecret secretA, ClusterSecret secretB) {
    int pa = Nodes.freePort();
    int pb = Nodes.freePort();
    List<String> both = Nodes.addresses(pa, pb);
    ClusterNode a = start("a", pa, both, secretA);
    ClusterNode b = start("b", pb, both, secretB);
    await().atMost(Duration.ofSeconds(30)).until(() -> a.memberCount() == 2 && b.memberCount() == 2);
    return new ClusterNode[] {a, b};
  }

  @Test
  void valuesSealedWithTheSharedSecretTravelBetweenMembers() {
    ClusterNode[] ab = pair(SECRET, SECRET);
    ab[1].putOverride(new OperatorOverride(Kind.DRAIN, "eu-west", true, System.currentTimeMillis(), "b"));
    ab[1].putObservation(new Observation("e@192.0.2.1", "b", false, System.currentTimeMillis(), "refused"));
    await().atMost(Duration.ofSeconds(20)).until(() -> ab[0].overrides().size() == 1
        && ab[0].observations().size() == 1);
    String stored = ab[0].observationReplica().values().iterator().next();
    assertFalse(stored.startsWith("{"), "stored values carry a seal: " + stored);
    assertEquals(0, ab[0].refusedValueCount());
  }

  @Test
  void aMemberWithoutTheSecretCannotDrainARegionAndTheOperatorsValueIsWrittenBack() {
    ClusterNode[] ab = pair(SECRET, ClusterSecret.NONE);
    ClusterNode a = ab[0];
    ClusterNode rogue = ab[1];
    OperatorOverride undrain = new OperatorOverride(Kind.DRAIN, "eu-west", false, System.currentTimeMillis(), "a");
    a.putOverride(undrain);
    await().atMost(Duration.ofSeconds(20)).until(() -> rogue.overrideReplica().containsKey(undrain.key()));
    assertTrue(rogue.overrides().isEmpty(), "the rogue refuses the sealed value it cannot check");
    // the rogue's drain, dated in the year 2100, would win every last-writer-wins merge
    rogue.putOverride(new OperatorOverride(Kind.DRAIN, "eu-west", true, YEAR_2100, "a"));
    await().atMost(Duration.ofSeconds(30)).until(() -> rogue.overrideReplica().get(undrain.key()).contains(
        Long.toString(YEAR_2100)));
    // a refuses it and writes the operator's value back over it, so that is what every replica holds again
    await().atMost(Duration.ofSeconds(30)).until(() -> rogue.overrideReplica().get(undrain.key()).contains(
        "\"active\":false"));
    rogue.putOverride(new OperatorOverride(Kind.DRAIN, "us-east", true, System.currentTimeMillis(), "a"));
    await().atMost(Duration.ofSeconds(30)).until(() -> a.overrideReplica().containsKey("DRAIN|us-east"));
    assertEquals(List.of(undrain), List.copyOf(a.overrides()));
    assertTrue(a.refusedValueCount() >= 2, "refusals are counted: " + a.refusedValueCount());
  }

  @Test
  void aMemberWithAnotherSecretIsRefusedLikeOneWithout() {
    ClusterNode[] ab = pair(SECRET, OTHER);
    ab[1].putLoad(new LoadReport("eu-west", "b", 1e9, System.currentTimeMillis()));
    await().atMost(Duration.ofSeconds(30)).until(() -> ab[0].refusedValueCount() >= 1);
    assertTrue(ab[0].loads().isEmpty());
  }

  @Test
  void aValueStampedFarAheadOfTheClockIsRefusedEvenWhenSealed() {
    ClusterNode[] ab = pair(SECRET, SECRET);
    long now = System.currentTimeMillis();
    ab[1].putOverride(new OperatorOverride(Kind.DRAIN, "eu-west", true, YEAR_2100, "b"));
    ab[1].putOverride(new OperatorOverride(Kind.DRAIN, "us-east", true, now + 5_000, "b"));
    await().atMost(Duration.ofSeconds(30)).until(() -> ab[0].refusedValueCount() >= 1
        && ab[0].overrides().size() == 1);
    assertEquals("us-east", ab[0].overrides().iterator().next().target());
  }

  @Test
  void aSecondMemberWithATakenNodeNameIsRefusedAtJoin(@TempDir Path tmp) throws Exception {
    int pa = Nodes.freePort();
    int pb = Nodes.freePort();
    List<String> both = Nodes.addresses(pa, pb);
    ClusterNode a = start("a", pa, both, ClusterSecret.NONE);
    Path log = tmp.resolve("second-a.log");
    try (ExternalMember second = new ExternalMember("a", pb, both, 2, log)) {
      await().atMost(Duration.ofSeconds(150)).until(() -> !second.alive());
      assertEquals(1, second.exitValue());
      assertTrue(Files.readString(log).contains("node name 'a' is already used by the cluster member at 127.0.0.1:"
          + pa + " (this node: 127.0.0.1:" + pb + "); every node needs its own --node name"), Files.readString(log));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> a.memberCount() == 1);
  }
}
