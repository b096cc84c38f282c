package io.aya.gslb.policy;

/**
 * {@code answers=N} for a forwarded name ({@code $FORWARD}): instead of pool members, up to N forward
 * addresses of the live AYA nodes of the best region left by the chain, continuing with the next region only
 * when it has fewer; a region without a live forwarding node of the queried family is skipped. Inside a region
 * the nodes come in a per-network rendezvous order (like {@link FirstAnswersStep}'s members), so one client
 * network keeps its node and many spread over all of them. When no region has a forwarding node, the name's
 * {@code fallback=} applies.
 */
final class ForwardAnswersStep implements Step {
  static final ForwardAnswersStep INSTANCE = new ForwardAnswersStep();

  private ForwardAnswersStep() {}

  @Override
  public String name() {
    return "forward";
  }

  @Override
  public void apply(Selection sel, Trace trace) {
    CompiledName n = sel.name;
    ForwardRecords recs = n.forwardRecords(sel.forwardNodes);
    int want = n.policy.answers();
    int k = 0;
    for (int i = 0; i < sel.count; i++) {
      int p = sel.order[i];
      String region = n.pools[p].regionName;
      if (k >= want) {
        if (trace != null) {
          trace.kept(p, name(), "not needed: better regions filled answers=" + want);
        }
        continue;
      }
      ForwardRecords.Family f = recs.family(region, sel.v6);
      if (f == null) {
        if (trace != null) {
          trace.dropped(p, name(), "no live AYA node forwards for region " + region);
        }
        continue;
      }
      int from = k;
      int size = f.size();
      if (size > 1) {
        sel.dependsOnNetwork = true;
      }
      long net = size > 1 ? sel.networkHash(ClientHash.ANSWER_SEED) : 0;
      // up to want - k of the region's nodes, highest rendezvous key first (a handful of nodes: no sort)
      long taken = 0;
      while (k < want && Long.bitCount(taken) < Math.min(size, 64)) {
        int best = -1;
        double bestKey = -1;
        for (int j = 0; j < size && j < 64; j++) {
          if ((taken & (1L << j)) != 0) {
            continue;
          }
          double key = ClientHash.unit(ClientHash.mix(net ^ f.salts[j]));
          if (key > bestKey) {
            bestKey = key;
            best = j;
          }
        }
        taken |= 1L << best;
        if (FirstAnswersStep.picked(sel, k, f.addresses[best])) {
          continue;
        }
        if (k == 0) {
          sel.firstSingleton = f.singletons.get(best);
          sel.firstRdataSingleton = f.rdataSingletons.get(best);
        }
        sel.picked[k] = f.records[best];
        sel.pickedRdata[k] = f.rdata[best];
        sel.pickedAddresses[k] = f.addresses[best];
        k++;
      }
      if (trace != null) {
        trace.kept(p, name(), "answered " + (k - from) + " forward address(es) of region " + region + "'s AYA nodes"
            + FirstAnswersStep.list(sel, from, k));
      }
    }
    sel.pickedCount = k;
  }
}
