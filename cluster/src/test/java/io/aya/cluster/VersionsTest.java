package io.aya.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.cluster.OperatorOverride.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

class VersionsTest {
  @Test
  void theHigherTimestampWinsWhateverElseDiffers() {
    assertTrue(Versions.newer(new Observation("e", "n", true, 2, "a"), new Observation("e", "n", false, 1, "z")));
    assertFalse(Versions.newer(new Observation("e", "n", false, 1, "z"), new Observation("e", "n", true, 2, "a")));
    assertTrue(Versions.newer(new LoadReport("r", "a", 0, 2), new LoadReport("r", "z", 9, 1)));
    assertTrue(Versions.newer(new OperatorOverride(Kind.DRAIN, "r", false, 2, "a"),
        new OperatorOverride(Kind.DRAIN, "r", true, 1, "z")));
  }

  @Test
  void onEqualTimestampsTheSafeSideWinsThenTheDecidingFields() {
    // an endpoint reported down and up at the same instant: down
    assertTrue(Versions.newer(new Observation("e", "n", false, 5, "a"), new Observation("e", "n", true, 5, "z")));
    // same verdict: the detail text decides
    assertTrue(Versions.newer(new Observation("e", "n", true, 5, "b"), new Observation("e", "n", true, 5, "a")));
    // a drain and an undrain at the same instant: the drain
    assertTrue(Versions.newer(new OperatorOverride(Kind.DRAIN, "r", true, 5, "a"),
        new OperatorOverride(Kind.DRAIN, "r", false, 5, "z")));
    // both in force: the greater node name
    assertTrue(Versions.newer(new OperatorOverride(Kind.DRAIN, "r", true, 5, "b"),
        new OperatorOverride(Kind.DRAIN, "r", true, 5, "a")));
    // two load reports of one region at the same instant: the greater node name, then the higher load
    assertTrue(Versions.newer(new LoadReport("r", "b", 1, 5), new LoadReport("r", "a", 9, 5)));
    assertTrue(Versions.newer(new LoadReport("r", "a", 9, 5), new LoadReport("r", "a", 1, 5)));
  }

  @Test
  void exactlyOneOfTwoDistinctValuesIsNewerAndAValueIsNotNewerThanItself() {
    Random random = new Random(42);
    List<Observation> obs = new ArrayList<>();
    List<LoadReport> loads = new ArrayList<>();
    List<OperatorOverride> overrides = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      long ts = random.nextInt(3);
      obs.add(new Observation("e", "n", random.nextBoolean(), ts, "d" + random.nextInt(3)));
      loads.add(new LoadReport("r", "n" + random.nextInt(3), random.nextInt(3), ts));
      overrides.add(new OperatorOverride(Kind.DRAIN, "r", random.nextBoolean(), ts, "n" + random.nextInt(3)));
    }
    strictTotalOrder(obs, Versions::newer);
    strictTotalOrder(loads, Versions::newer);
    strictTotalOrder(overrides, Versions::newer);
  }

  private static <V> void strictTotalOrder(List<V> values, BiPredicate<V, V> newer) {
    for (V a : values) {
      for (V b : values) {
        if (a.equals(b)) {
          assertFalse(newer.test(a, b), a + " newer than itself");
        } else {
          assertNotEquals(newer.test(a, b), newer.test(b, a), a + " vs " + b);
        }
      }
    }
  }

  @Test
  void encodedValuesFollowTheSameRulesAsDecodedOnes() {
    String down = Codec.OBSERVATIONS.encode(new Observation("e", "n", false, 5, "a"));
    String up = Codec.OBSERVATIONS.encode(new Observation("e", "n", true, 5, "z"));
    // by text alone "up":true would win over "up":false; the typed rule says down
    assertTrue(up.compareTo(down) > 0);
    assertTrue(Versions.newerEncoded(down, up));
    assertFalse(Versions.newerEncoded(up, down));
    String drain = Codec.OVERRIDES.encode(new OperatorOverride(Kind.DRAIN, "r", true, 5, "a"));
    String undrain = Codec.OVERRIDES.encode(new OperatorOverride(Kind.DRAIN, "r", false, 5, "z"));
    assertTrue(Versions.newerEncoded(drain, undrain));
    assertFalse(Versions.newerEncoded(undrain, drain));
    LoadReport l1 = new LoadReport("r", "b", 1, 5);
    LoadReport l2 = new LoadReport("r", "a", 9, 5);
    assertTrue(Versions.newerEncoded(Codec.LOADS.encode(l1), Codec.LOADS.encode(l2)));
    // values of no known type (heartbeats): by timestamp, then by text
    assertTrue(Versions.newerEncoded("{\"timestampMillis\":2}", "{\"timestampMillis\":1}"));
    assertFalse(Versions.newerEncoded("{\"timestampMillis\":1}", "{\"timestampMillis\":2}"));
    assertEquals(1, Codec.timestampOf("{\"timestampMillis\":1}"));
  }

  @Test
  void aNodesNewerNetworkReportReplacesItsOlderOneAndSurvivesTheEncodedMerge() {
    NetworkReport old = new NetworkReport("a", 1, java.util.Map.of("eu", java.util.Map.of("81.2.7.0/24", 4.0)),
        java.util.Map.of());
    NetworkReport fresh = new NetworkReport("a", 2, java.util.Map.of(),
        java.util.Map.of("81.2.7.0/24", java.util.Map.of("eu", new NetworkReport.RttMedian(23.5, 3))));
    assertTrue(Versions.newer(fresh, old));
    assertFalse(Versions.newer(old, fresh));
    assertTrue(Versions.newerEncoded(Codec.NETWORKS.encode(fresh), Codec.NETWORKS.encode(old)));
    assertEquals(fresh, Codec.NETWORKS.decode(Codec.NETWORKS.encode(fresh)));
  }
}
