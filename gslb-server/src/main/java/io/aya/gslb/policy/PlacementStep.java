package io.aya.gslb.policy;

import io.aya.gslb.placement.PlacementPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code capacity} with a placement plan: when the published {@link PlacementPlan} covers the client's network,
 * a stable hash of the client network ({@link ClientHash}, its own seed) picks a region within the network's
 * planned split, and that region is ranked first; nothing is shed, since the plan already keeps every region
 * within its capacity. The other candidates stay behind it in their usual order, so a region that went down
 * since the plan was made is still skipped by the up step and the client gets the next best.
 *
 * <p>Otherwise it is the {@link CapacityStep}: when the plan does not cover the network (no demand known for
 * it, no plan yet), when the name ranks by {@code priority=} or not by {@code geo} (the plan assigns by cost
 * from location; a priority or weighted name keeps its meaning), or when the planned region is not among the
 * candidates left by the earlier steps (drained, down, fenced out, no member of the family).
 *
 * <p>ECS scope: the planned network's extent at least (the answer depends on the client being in it), and the
 * hashed network's prefix when the split has several regions.
 */
final class PlacementStep implements Step {
  static final PlacementStep INSTANCE = new PlacementStep();

  private PlacementStep() {}

  @Override
  public String name() {
    return "placement";
  }

  @Override
  public void apply(Selection sel, Trace trace) {
    CompiledName n = sel.name;
    PlacementPlan plan = sel.plan;
    if (!n.policy.geo() || !n.policy.priority().isEmpty()) {
      if (trace != null) {
        trace.placement(notPlanned(null, "the plan applies to geo names without priority=: capacity step"));
      }
      CapacityStep.INSTANCE.apply(sel, trace);
      return;
    }
    long found = plan.networkCount() == 0 ? -1L << 32 : plan.lookup(sel.client, sel.sourcePrefix);
    int net = PlacementPlan.network(found);
    if (net < 0) {
      if (trace != null) {
        trace.placement(notPlanned(null, plan.networkCount() == 0
            ? "no plan (no demand known): capacity step"
            : "the client's network is not in the plan: capacity step"));
      }
      CapacityStep.INSTANCE.apply(sel, trace);
      return;
    }
    double h = ClientHash.unit(sel.networkHash(ClientHash.PLACEMENT_SEED));
    String region = plan.pick(net, h);
    int planned = -1;
    for (int i = 0; i < sel.count; i++) {
      if (n.pools[sel.order[i]].regionName.equals(region)) {
        planned = sel.order[i];
        break;
      }
    }
    if (planned < 0) {
      if (trace != null) {
        trace.placement(explain(plan, net, h, region, false, sel,
            "planned region " + region + " is not a candidate here: capacity step"));
      }
      CapacityStep.INSTANCE.apply(sel, trace);
      return;
    }
    sel.plannedPool = planned;
    sel.minScope = Math.max(sel.minScope, PlacementPlan.scope(found));
    if (plan.splitSize(net) > 1) {
      sel.dependsOnNetwork = true;
    }
    if (trace != null) {
      trace.placement(explain(plan, net, h, region, true, sel, "the plan gives this network's client " + region));
      trace.kept(planned, name(), "planned for " + plan.demand(net).network() + " (hash " + CapacityStep.fmt(h) + ")");
    }
  }

  private static Explanation.Placement notPlanned(String network, String note) {
    return new Explanation.Placement(false, network, null, null, Map.of(), null, null, Map.of(), List.of(), note);
  }

  private static Explanation.Placement explain(
      PlacementPlan plan, int net, double h, String region, boolean planned, Selection sel, String note) {
    Map<String, Double> costs = new LinkedHashMap<>();
    List<String> measured = new ArrayList<>();
    for (CompiledPool pool : sel.name.pools) {
      double c = plan.cost(net, pool.regionName);
      if (!Double.isNaN(c)) {
        costs.put(pool.regionName, Math.round(c * 100) / 100.0);
        if (plan.measured(net, pool.regionName)) {
          measured.add(pool.regionName);
        }
      }
    }
    return new Explanation.Placement(planned, plan.demand(net).network(), plan.demand(net).demand(),
        plan.demand(net).source().name(), plan.split(net), h, region, costs, measured, note);
  }
}
