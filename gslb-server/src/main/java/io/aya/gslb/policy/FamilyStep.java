package io.aya.gslb.policy;

/**
 * Keeps regions that have at least one up member of the queried address family (A: IPv4, AAAA: IPv6): a
 * region without one cannot answer this query, so it is skipped for it.
 */
final class FamilyStep implements Step {
  static final FamilyStep INSTANCE = new FamilyStep();

  private FamilyStep() {}

  @Override
  public String name() {
    return "family";
  }

  @Override
  public void apply(Selection sel, Trace trace) {
    int kept = 0;
    for (int i = 0; i < sel.count; i++) {
      int p = sel.order[i];
      if (sel.familyUp[p] > 0) {
        sel.order[kept++] = p;
        if (trace != null) {
          trace.kept(p, name(), sel.familyUp[p] + " " + family(sel) + " member(s) up");
        }
      } else if (trace != null) {
        trace.dropped(p, name(), hasAny(sel, p) ? "no " + family(sel) + " member up" : "no " + family(sel) + " members");
      }
    }
    sel.count = kept;
  }

  private static String family(Selection sel) {
    return sel.v6 ? "IPv6" : "IPv4";
  }

  private static boolean hasAny(Selection sel, int p) {
    CompiledPool pool = sel.name.pools[p];
    for (int m = 0; m < pool.size(); m++) {
      if (pool.family(m, sel.v6)) {
        return true;
      }
    }
    return false;
  }
}
