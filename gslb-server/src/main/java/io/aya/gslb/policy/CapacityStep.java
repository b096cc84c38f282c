package io.aya.gslb.policy;

/**
 * {@code capacity}: sheds a region's offered demand proportionally. The health view says which fraction
 * {@code f} of the demand offered to a region it admits (1 below the low watermark, 0 at the high one,
 * proportional between). Each client network has a stable hash {@code h} in (0, 1), salted per region and
 * independent of region order and of the weighted and answers hashes; the region is kept for the client when
 * {@code h < f} and skipped otherwise, so the client spills to the next best region. Raising or lowering
 * {@code f} moves only the networks near the threshold, so load converges instead of herding.
 *
 * <p>When every remaining region sheds the client, nothing is left and the name's {@code fallback=} answers,
 * as for any other step that leaves nothing: a fixed "sorry" address, NODATA, or every member (fail open).
 * Only a fraction strictly between 0 and 1 makes the outcome depend on the client network.
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
    int kept = 0;
    int count = sel.count;
    long net = 0;
    boolean hashed = false;
    for (int i = 0; i < count; i++) {
      int p = sel.order[i];
      CompiledPool pool = n.pools[p];
      double f = sel.health.admitFraction(pool.regionName);
      if (!(f < 1)) {
        f = 1; // also NaN: nothing known, admit
      } else if (f < 0) {
        f = 0;
      }
      if (f >= 1) {
        if (trace != null) {
          trace.admission(p, f, Double.NaN);
          trace.kept(p, name(), "admits all demand");
        }
        sel.order[kept++] = p;
        continue;
      }
      if (f <= 0) {
        if (trace != null) {
          trace.admission(p, f, Double.NaN);
          trace.dropped(p, name(), "shed: admits no demand");
        }
        continue;
      }
      sel.dependsOnNetwork = true;
      if (!hashed) {
        net = sel.networkHash(ClientHash.CAPACITY_SEED);
        hashed = true;
      }
      double h = ClientHash.unit(ClientHash.mix(net ^ pool.capacitySalt));
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
    sel.count = kept;
  }

  static String fmt(double d) {
    return String.format(java.util.Locale.ROOT, "%.3f", d);
  }
}
