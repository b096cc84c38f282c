package io.aya.gslb.policy;

import io.aya.gslb.geo.ClientLocation;

/**
 * Orders the candidate regions, best first:
 *
 * <ol>
 *   <li>the region the placement plan gives the client ({@link PlacementStep});
 *   <li>with {@code geo}, a region pinned to the client's network by the network map;
 *   <li>regions listed in {@code priority=}, in that order;
 *   <li>the rest: with {@code geo} and known client coordinates by great-circle distance, else in zone order.
 * </ol>
 *
 * Ties keep zone order. With {@code geo} and more than one candidate the order depends on the client (its
 * coordinates or pin; a client without them must not be cached for located ones), so the answer gets the
 * location's ECS scope, unless the locator tells no address apart (scope 0); a priority-only order does
 * not depend on the client.
 */
final class RankingStep implements Step {
  static final RankingStep INSTANCE = new RankingStep();

  /** Separates the rank classes in one sort key; scaled distances and positions stay below this. */
  private static final double CLASS = 1e6;
  /**
   * Distances enter the key as their haversine (0..1, ordered as the distance, no arcsine per query) times
   * this: below {@link #CLASS}, and fine enough at the key's magnitude to tell metres apart.
   */
  private static final double HAVERSINE_SCALE = 1e5;

  private RankingStep() {}

  @Override
  public String name() {
    return "ranking";
  }

  @Override
  public void apply(Selection sel, Trace trace) {
    CompiledName n = sel.name;
    ClientLocation loc = sel.location;
    boolean geo = n.policy.geo();
    boolean byDistance = geo && loc.hasCoordinates();
    String pin = geo ? loc.region() : null;
    double lat = 0;
    double lon = 0;
    if (byDistance) {
      lat = Math.toRadians(loc.latitude());
      lon = Math.toRadians(loc.longitude());
    }
    int count = sel.count;
    int[] order = sel.order;
    double[] keys = sel.keys;
    for (int i = 0; i < count; i++) {
      int p = order[i];
      CompiledPool pool = n.pools[p];
      double key;
      if (p == sel.plannedPool) {
        key = -1;
      } else if (pin != null && pin.equals(pool.regionName)) {
        key = 0;
      } else if (n.priorityIndex[p] >= 0) {
        key = CLASS + n.priorityIndex[p];
      } else if (byDistance) {
        key = 2 * CLASS + HAVERSINE_SCALE * GreatCircle.haversine(pool.latRad, pool.lonRad, pool.cosLat, lat, lon);
      } else {
        key = 2 * CLASS + p;
      }
      keys[i] = key;
    }
    // insertion sort: stable, no allocation, a handful of regions
    for (int i = 1; i < count; i++) {
      double k = keys[i];
      int p = order[i];
      int j = i - 1;
      while (j >= 0 && keys[j] > k) {
        keys[j + 1] = keys[j];
        order[j + 1] = order[j];
        j--;
      }
      keys[j + 1] = k;
      order[j + 1] = p;
    }
    if (geo && count > 1) {
      sel.locationDecided();
    }
    if (trace != null) {
      for (int i = 0; i < count; i++) {
        trace.kept(order[i], name(), "rank " + (i + 1) + ": " + why(keys[i], n, order[i], byDistance, sel.plannedPool));
      }
    }
  }

  private static String why(double key, CompiledName n, int p, boolean byDistance, int planned) {
    if (p == planned) {
      return "placed here by the plan";
    }
    if (key < CLASS) {
      return "pinned to the client's network";
    }
    if (key < 2 * CLASS) {
      return "priority " + (n.priorityIndex[p] + 1);
    }
    if (byDistance) {
      return Math.round(GreatCircle.kmOfHaversine((key - 2 * CLASS) / HAVERSINE_SCALE)) + " km from the client";
    }
    return "zone order";
  }
}
