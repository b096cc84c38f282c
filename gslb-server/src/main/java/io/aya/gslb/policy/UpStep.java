package io.aya.gslb.policy;

import io.aya.gslb.health.HealthView;

/**
 * Keeps regions that are not drained and whose pool is up: at least {@code up=N} members up (all members
 * count, whatever the queried family). Members of a pool with no check are always up; a drained region is
 * dropped even then. Records each member's health for the later steps.
 */
final class UpStep implements Step {
  static final UpStep INSTANCE = new UpStep();

  private UpStep() {}

  @Override
  public String name() {
    return "up";
  }

  @Override
  public void apply(Selection sel, Trace trace) {
    CompiledName n = sel.name;
    HealthView health = sel.health;
    int kept = 0;
    for (int i = 0; i < sel.count; i++) {
      int p = sel.order[i];
      CompiledPool pool = n.pools[p];
      int off = n.memberOffset[p];
      int up = 0;
      int familyUp = 0;
      for (int m = 0; m < pool.size(); m++) {
        boolean memberUp = pool.keys == null || health.endpointUp(pool.keys[m]);
        sel.memberUp[off + m] = memberUp;
        if (memberUp) {
          up++;
          if (pool.family(m, sel.v6)) {
            familyUp++;
          }
        }
      }
      sel.familyUp[p] = familyUp;
      boolean drained = health.regionDrained(pool.regionName);
      if (trace != null) {
        trace.health(p, up, pool.size(), familyUp, drained);
      }
      if (drained) {
        if (trace != null) {
          trace.dropped(p, name(), "region is drained");
        }
      } else if (up < pool.upThreshold) {
        if (trace != null) {
          trace.dropped(
              p, name(), up + " of " + pool.size() + " members up (pool needs " + pool.upThreshold + ")");
        }
      } else {
        if (trace != null) {
          trace.kept(
              p,
              name(),
              up + " of " + pool.size() + " members up" + (pool.keys == null ? " (static pool)" : ""));
        }
        sel.order[kept++] = p;
      }
    }
    sel.count = kept;
  }
}
