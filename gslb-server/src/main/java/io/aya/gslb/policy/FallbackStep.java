package io.aya.gslb.policy;

/**
 * Runs when the chain left no region: answers what {@code fallback=} says, restricted to the queried family
 * and pre-built at compile time: {@code all} every member of every pool (fail-open, health ignored),
 * {@code none} nothing (NODATA), or the fixed addresses.
 */
final class FallbackStep implements Step {
  static final FallbackStep INSTANCE = new FallbackStep();

  private FallbackStep() {}

  @Override
  public String name() {
    return "fallback";
  }

  @Override
  public void apply(Selection sel, Trace trace) {
    sel.fallback = true;
    sel.fallbackRecords = sel.name.fallback(sel.v6);
    sel.fallbackRdata = sel.name.fallbackRdata(sel.v6);
  }
}
