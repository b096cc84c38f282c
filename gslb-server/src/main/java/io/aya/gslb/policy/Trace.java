package io.aya.gslb.policy;

/**
 * Receives what the steps decided, for {@code explain}. Never used on the answer path (steps get null there
 * and must not build strings). Pools are identified by their index in the balanced name.
 */
interface Trace {
  /** Member health as the up step saw it. */
  void health(int pool, int membersUp, int members, int familyUp, boolean drained);

  /** The capacity step's inputs for a region: admitted fraction and the client's hash in (0, 1). */
  void admission(int pool, double admitFraction, double clientHash);

  /** What the placement plan said for the client (names with {@code capacity} only). */
  void placement(Explanation.Placement placement);

  void kept(int pool, String step, String reason);

  void dropped(int pool, String step, String reason);
}
