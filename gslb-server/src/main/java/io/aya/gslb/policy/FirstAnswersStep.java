package io.aya.gslb.policy;

import java.net.InetAddress;

/**
 * {@code answers=N}: picks up to N addresses of the queried family, from the best region first, in the
 * member order the earlier steps left (zone order, or weighted order). Only when the best region has fewer
 * than N up members does it continue with the next region, and so on. An address already picked from
 * another region is not repeated.
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
      int taken = 0;
      for (int j = 0; j < pool.size() && k < want; j++) {
        int m = sel.memberOrder[off + j];
        if (!sel.memberUp[off + m] || !pool.family(m, sel.v6) || picked(sel, k, pool.addresses[m])) {
          continue;
        }
        if (k == 0) {
          sel.firstSingleton = pool.singletons.get(m);
        }
        sel.picked[k] = pool.records[m];
        sel.pickedAddresses[k] = pool.addresses[m];
        k++;
        taken++;
      }
      if (trace != null) {
        trace.kept(p, name(), "answered " + taken + " address(es)");
      }
    }
    sel.pickedCount = k;
  }

  private static boolean picked(Selection sel, int k, InetAddress a) {
    for (int i = 0; i < k; i++) {
      if (sel.pickedAddresses[i].equals(a)) {
        return true;
      }
    }
    return false;
  }
}
