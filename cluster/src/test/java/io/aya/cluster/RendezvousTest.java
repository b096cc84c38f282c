package io.aya.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RendezvousTest {
  private static final List<String> NODES = List.of("ams1", "fra1", "iad1", "sin1", "syd1");

  private static List<String> keys(int n) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add("zone" + (i % 7) + ".example/web@10.0." + (i / 256) + "." + (i % 256));
    }
    return keys;
  }

  @Test
  void everyKeyHasMinOfKAndMembersOwnersAndOwnsAgreesWithOwners() {
    for (int k = 1; k <= 6; k++) {
      for (String key : keys(300)) {
        List<String> owners = Rendezvous.owners(NODES, key, k);
        assertEquals(Math.min(k, NODES.size()), owners.size());
        int owning = 0;
        for (String node : NODES) {
          boolean owns = Rendezvous.owns(node, NODES, key, k);
          assertEquals(owners.contains(node), owns, node + " " + key + " k=" + k);
          owning += owns ? 1 : 0;
        }
        assertEquals(owners.size(), owning);
      }
    }
  }

  @Test
  void loadIsSpreadEvenlyOverTheMembers() {
    int[] owned = new int[NODES.size()];
    List<String> keys = keys(5_000);
    for (String key : keys) {
      for (int i = 0; i < NODES.size(); i++) {
        owned[i] += Rendezvous.owns(NODES.get(i), NODES, key, 2) ? 1 : 0;
      }
    }
    // expected 2/5 of 5000 = 2000 each; one standard deviation is about 35
    for (int i = 0; i < owned.length; i++) {
      assertTrue(Math.abs(owned[i] - 2_000) < 150, NODES.get(i) + " owns " + owned[i]);
    }
  }

  @Test
  void whenAMemberLeavesOnlyItsKeysMoveEachToOneNewOwner() {
    List<String> without = List.of("ams1", "fra1", "sin1", "syd1");
    for (String key : keys(2_000)) {
      List<String> before = Rendezvous.owners(NODES, key, 2);
      List<String> after = Rendezvous.owners(without, key, 2);
      List<String> kept = new ArrayList<>(before);
      kept.remove("iad1");
      assertTrue(after.containsAll(kept), key + ": " + before + " -> " + after);
    }
  }
}
