package io.aya.gslb.policy;

import java.util.ArrayList;
import java.util.List;

/** Collects the steps' decisions per region for {@link Explanation}. One per explain call; not thread-safe. */
final class ExplainTrace implements Trace {
  final int[] membersUp;
  final int[] members;
  final int[] familyUp;
  final boolean[] drained;
  final Double[] clientHash;
  final List<List<Explanation.Decision>> decisions;
  Explanation.Placement placement;

  ExplainTrace(int pools) {
    membersUp = new int[pools];
    members = new int[pools];
    familyUp = new int[pools];
    drained = new boolean[pools];
    clientHash = new Double[pools];
    decisions = new ArrayList<>(pools);
    for (int i = 0; i < pools; i++) {
      decisions.add(new ArrayList<>());
    }
  }

  @Override
  public void health(int pool, int up, int total, int family, boolean isDrained) {
    membersUp[pool] = up;
    members[pool] = total;
    familyUp[pool] = family;
    drained[pool] = isDrained;
  }

  @Override
  public void admission(int pool, double admitFraction, double hash) {
    clientHash[pool] = Double.isNaN(hash) ? null : hash;
  }

  @Override
  public void placement(Explanation.Placement p) {
    placement = p;
  }

  @Override
  public void kept(int pool, String step, String reason) {
    decisions.get(pool).add(new Explanation.Decision(step, true, reason));
  }

  @Override
  public void dropped(int pool, String step, String reason) {
    decisions.get(pool).add(new Explanation.Decision(step, false, reason));
  }
}
