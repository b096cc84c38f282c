package io.aya.gslb.policy;

/**
 * {@code capacity}: sheds a region's offered demand proportionally. The health view says which fraction
 * {@code f} of the demand offered to a region it admits (1 below the low watermark, 0 at the high one,
 * proportional between). Each client network has a stable hash {@code h} in (0, 1), salted per region and
 * independent of region order and of the weighted step's hash; the region is kept for the client when
 * {@code h < f} and skipped otherwise, so the client spills to the next best region. Raising or lowering
 * {@code f} moves only the networks near the threshold, so load converges instead of herding.
 *
 * <p>When every remaining region would be shed, there is nowhere to spill: the regions with the highest
 * admitted fraction (least overloaded) are kept rather than answering nothing.
 */
final class CapacityStep implements Step {
  static final CapacityStep INSTANCE = new CapacityStep();

  private CapacityStep() {}

  @Override
  public String name() {
    return "capacity";
  }

  @Override
  public void apply(Selection sel, Trace trace) {
    CompiledName n = sel.name;
    double[] fractions = sel.keys;
    double best = -1;
    int kept = 0;
    int count = sel.count;
    for (int i = 0; i < count; i++) {
      int p = sel.order[i];
      CompiledPool pool = n.pools[p];
      double f = sel.health.admitFraction(pool.regionName);
      if (!(f < 1)) {
        f = 1; // also NaN: nothing known, admit
      } else if (f < 0) {
        f = 0;
      }
      fractions[i] = f;
      best = Math.max(best, f);
      if (f >= 1) {
        if (trace != null) {
          trace.admission(p, f, Double.NaN);
          trace.kept(p, name(), "admits all demand");
        }
        sel.order[kept++] = p;
        continue;
      }
      sel.dependsOnClient = true;
      double h = ClientHash.unit(ClientHash.mix(sel.networkHash() ^ ClientHash.CAPACITY_SEED ^ pool.capacitySalt));
      if (trace != null) {
        trace.admission(p, f, h);
      }
      if (h < f) {
        if (trace != null) {
          trace.kept(p, name(), "client hash " + fmt(h) + " < admitted fraction " + fmt(f));
        }
        sel.order[kept++] = p;
      } else if (trace != null) {
        trace.dropped(p, name(), "shed: client hash " + fmt(h) + " >= admitted fraction " + fmt(f));
      }
    }
    if (kept == 0 && count > 0) {
      // Every region sheds this client: keep the least overloaded ones (order[] still holds all of them,
      // as kept == 0 means nothing was overwritten).
      for (int i = 0; i < count; i++) {
        if (fractions[i] == best) {
          int p = sel.order[i];
          sel.order[kept++] = p;
          if (trace != null) {
            trace.kept(p, name(), "every region sheds this client; kept as the least overloaded");
          }
        }
      }
    }
    sel.count = kept;
  }

  static String fmt(double d) {
    return String.format(java.util.Locale.ROOT, "%.3f", d);
  }
}
