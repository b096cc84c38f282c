package io.aya.gslb.policy;

/**
 * {@code weighted}: splits traffic by weights, deterministically per client network. Uses weighted sampling
 * without replacement (Efraimidis–Spirakis: sort by {@code ln(u) / w}, {@code u} the client network's hash
 * salted per member or region), so the first choice is taken with probability {@code w / sum(w)} over many
 * networks, one network always sees the same order, and adding a member does not reshuffle the others.
 * Weight 0 means standby: ordered after every positive weight.
 *
 * <ul>
 *   <li>Members of each candidate region are ordered by their weights (canary inside a region).
 *   <li>When the policy has no ranking word ({@code geo}, {@code priority=}), the regions are ordered the same
 *       way by region weight, the sum of the weights of their up members of the queried family (blue/green).
 * </ul>
 *
 * Uses a hash seed of its own, independent of the capacity step's.
 */
final class WeightedStep implements Step {
  static final WeightedStep INSTANCE = new WeightedStep();

  private WeightedStep() {}

  @Override
  public String name() {
    return "weighted";
  }

  @Override
  public void apply(Selection sel, Trace trace) {
    CompiledName n = sel.name;
    long net = sel.networkHash(ClientHash.WEIGHT_SEED);
    if (n.weightsPickRegion && sel.count > 1) {
      orderRegions(sel, net, trace);
    }
    for (int i = 0; i < sel.count; i++) {
      orderMembers(sel, sel.order[i], net, trace);
    }
  }

  private void orderRegions(Selection sel, long net, Trace trace) {
    CompiledName n = sel.name;
    int count = sel.count;
    int[] order = sel.order;
    double[] keys = sel.keys;
    int positive = 0;
    for (int i = 0; i < count; i++) {
      int p = order[i];
      long w = regionWeight(sel, p);
      if (w > 0) {
        positive++;
      }
      keys[i] = key(ClientHash.mix(net ^ n.pools[p].weightSalt), w);
    }
    sortDescending(order, 0, keys, count);
    if (positive > 1) {
      sel.dependsOnNetwork = true;
    }
    if (trace != null) {
      for (int i = 0; i < count; i++) {
        int p = order[i];
        trace.kept(p, name(), "region weight " + regionWeight(sel, p) + ", weighted rank " + (i + 1));
      }
    }
  }

  private void orderMembers(Selection sel, int p, long net, Trace trace) {
    CompiledName n = sel.name;
    CompiledPool pool = n.pools[p];
    int off = n.memberOffset[p];
    double[] keys = sel.keys;
    int candidates = 0;
    int positive = 0;
    // gather the up members of the family first, in zone order, then sort just those
    for (int m = 0; m < pool.size(); m++) {
      if (sel.memberUp[off + m] && pool.family(m, sel.v6)) {
        sel.memberOrder[off + candidates] = m;
        int w = pool.weights[m];
        if (w > 0) {
          positive++;
        }
        keys[candidates] = key(ClientHash.mix(net ^ pool.memberSalts[m]), w);
        candidates++;
      }
    }
    // members that cannot answer go after, in zone order; the answer step skips them
    int tail = candidates;
    for (int m = 0; m < pool.size(); m++) {
      if (!(sel.memberUp[off + m] && pool.family(m, sel.v6))) {
        sel.memberOrder[off + tail++] = m;
      }
    }
    sortDescending(sel.memberOrder, off, keys, candidates);
    if (positive > 1) {
      sel.dependsOnNetwork = true;
    }
    if (trace != null && candidates > 0) {
      StringBuilder sb = new StringBuilder("member order:");
      for (int i = 0; i < candidates; i++) {
        int m = sel.memberOrder[off + i];
        sb.append(' ').append(io.aya.gslb.zone.AddressText.of(pool.addresses[m])).append('@').append(pool.weights[m]);
      }
      trace.kept(p, name(), sb.toString());
    }
  }

  private static long regionWeight(Selection sel, int p) {
    CompiledPool pool = sel.name.pools[p];
    int off = sel.name.memberOffset[p];
    long w = 0;
    for (int m = 0; m < pool.size(); m++) {
      if (sel.memberUp[off + m] && pool.family(m, sel.v6)) {
        w += pool.weights[m];
      }
    }
    return w;
  }

  /** Efraimidis–Spirakis key: larger is better; weight 0 sorts last. */
  private static double key(long hash, long weight) {
    if (weight <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    return Math.log(ClientHash.unit(hash)) / weight;
  }

  /** Stable insertion sort of {@code items[from..from+count)} by {@code keys[0..count)}, largest first. */
  private static void sortDescending(int[] items, int from, double[] keys, int count) {
    for (int i = 1; i < count; i++) {
      double k = keys[i];
      int item = items[from + i];
      int j = i - 1;
      while (j >= 0 && keys[j] < k) {
        keys[j + 1] = keys[j];
        items[from + j + 1] = items[from + j];
        j--;
      }
      keys[j + 1] = k;
      items[from + j + 1] = item;
    }
  }
}
