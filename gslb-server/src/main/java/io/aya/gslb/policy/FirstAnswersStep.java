package io.aya.gslb.policy;

import java.net.InetAddress;

/**
 * {@code answers=N}: picks up to N addresses of the queried family, from the best region first. Only when the
 * best region has fewer than N up members does it continue with the next region, and so on. An address
 * already picked from another region is not repeated.
 *
 * <p>Inside a region the members come in a per-network order: with {@code weighted} the weighted order the
 * weighted step left; otherwise a rendezvous order (members sorted by a hash of the client network salted
 * per member address, with a seed of its own). So one client network always gets the same N addresses in the
 * same order, many networks spread evenly over every member (also over the first address, the one most
 * clients use), and a member going down moves only the networks that had it, evenly to the others. Weights
 * play no part here, except that a standby (weight 0) comes after every member with a positive weight. The
 * choice is independent of the capacity and weighted hashes. It depends on the client network as soon as a
 * region offers more than one address, and then the answer gets that network's ECS scope.
 */
final class FirstAnswersStep implements Step {
  static final FirstAnswersStep INSTANCE = new FirstAnswersStep();

  private FirstAnswersStep() {}

  @Override
  public String name() {
    return "answers";
  }

  @Override
  public void apply(Selection sel, Trace trace) {
    CompiledName n = sel.name;
    int want = n.policy.answers();
    boolean spread = !n.policy.weighted();
    int k = sel.pickedCount;
    for (int i = 0; i < sel.count; i++) {
      int p = sel.order[i];
      if (k >= want) {
        if (trace == null) {
          break;
        }
        trace.kept(p, name(), "not needed: better regions filled answers=" + want);
        continue;
      }
      CompiledPool pool = n.pools[p];
      int off = n.memberOffset[p];
      if (spread) {
        spread(sel, p);
      }
      int from = k;
      for (int j = 0; j < pool.size() && k < want; j++) {
        int m = sel.memberOrder[off + j];
        if (!sel.memberUp[off + m] || !pool.family(m, sel.v6) || picked(sel, k, pool.addresses[m])) {
          continue;
        }
        if (k == 0) {
          sel.firstSingleton = pool.singletons.get(m);
          sel.firstRdataSingleton = pool.rdataSingletons.get(m);
        }
        sel.picked[k] = pool.records[m];
        sel.pickedRdata[k] = pool.rdata[m];
        sel.pickedAddresses[k] = pool.addresses[m];
        k++;
      }
      if (trace != null) {
        trace.kept(p, name(), "answered " + (k - from) + " address(es)" + list(sel, from, k)
            + (spread && sel.familyUp[p] > 1 ? " (per-network member order)" : ""));
      }
    }
    sel.pickedCount = k;
  }

  /**
   * Orders pool {@code p}'s up members of the queried family by their rendezvous hash for this client network,
   * highest first, standbys (weight 0) after the others; the members that cannot answer go after them in zone
   * order.
   */
  private static void spread(Selection sel, int p) {
    CompiledName n = sel.name;
    CompiledPool pool = n.pools[p];
    int off = n.memberOffset[p];
    if (sel.familyUp[p] < 2) {
      return; // zone order; nothing to choose
    }
    long net = sel.networkHash(ClientHash.ANSWER_SEED);
    double[] keys = sel.keys;
    int[] order = sel.memberOrder;
    int candidates = 0;
    int standbys = 0;
    for (int m = 0; m < pool.size(); m++) {
      if (sel.memberUp[off + m] && pool.family(m, sel.v6)) {
        order[off + candidates] = m;
        double key = ClientHash.unit(ClientHash.mix(net ^ pool.memberSalts[m]));
        if (pool.weights[m] == 0) {
          key -= 1; // a standby (@0): after every member with a positive weight
          standbys++;
        }
        keys[candidates] = key;
        candidates++;
      }
    }
    if (candidates - standbys >= 2 || standbys >= 2) {
      sel.dependsOnNetwork = true;
    }
    int tail = candidates;
    for (int m = 0; m < pool.size(); m++) {
      if (!(sel.memberUp[off + m] && pool.family(m, sel.v6))) {
        order[off + tail++] = m;
      }
    }
    // insertion sort, largest key first: a handful of members, no allocation
    for (int i = 1; i < candidates; i++) {
      double key = keys[i];
      int m = order[off + i];
      int j = i - 1;
      while (j >= 0 && keys[j] < key) {
        keys[j + 1] = keys[j];
        order[off + j + 1] = order[off + j];
        j--;
      }
      keys[j + 1] = key;
      order[off + j + 1] = m;
    }
  }

  static boolean picked(Selection sel, int k, InetAddress a) {
    for (int i = 0; i < k; i++) {
      if (sel.pickedAddresses[i].equals(a)) {
        return true;
      }
    }
    return false;
  }

  static String list(Selection sel, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append(i == from ? ": " : ", ").append(io.aya.gslb.zone.AddressText.of(sel.pickedAddresses[i]));
    }
    return sb.toString();
  }
}
