package io.aya.gslb.placement;

import java.util.Objects;

/**
 * One region as the planner sees it.
 *
 * @param name region name from {@code $REGION}
 * @param latitude degrees
 * @param longitude degrees
 * @param capacity capacity units; {@link Double#POSITIVE_INFINITY} when unlimited ({@code capacity=0})
 * @param cost the region's {@code cost=} penalty, in the cost unit (milliseconds of RTT), per unit of demand
 * @param open false when drained or with no endpoint up: the plan sends it nothing
 * @param baseLoad load of the region that no client network accounts for (reported load minus its per-network
 *     breakdown); it stays where it is and uses up capacity
 */
public record Site(String name, double latitude, double longitude, double capacity, double cost, boolean open,
    double baseLoad) {
  public Site {
    Objects.requireNonNull(name, "name");
    if (!(capacity > 0)) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0, or infinity when unlimited)");
    }
    if (!(cost >= 0) || Double.isInfinite(cost)) {
      throw new IllegalArgumentException("cost: " + cost + " (expected: >= 0)");
    }
    if (!(baseLoad >= 0) || Double.isInfinite(baseLoad)) {
      throw new IllegalArgumentException("baseLoad: " + baseLoad + " (expected: >= 0)");
    }
  }
}
