package io.aya.gslb.policy;

/**
 * One link of the policy chain: narrows or reorders the candidate regions of a {@link Selection}. Steps are
 * stateless singletons shared by every query; the same code serves {@code resolve} (trace null) and
 * {@code explain} (trace records why each region was kept or dropped).
 */
interface Step {
  /** Short name shown by explain, e.g. {@code "up"}. */
  String name();

  /**
   * Applies the step to the candidates {@code sel.order[0..sel.count)}.
   *
   * @param trace receives the reasons, or null on the answer path (then no strings may be built)
   */
  void apply(Selection sel, Trace trace);
}
