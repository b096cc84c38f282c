package io.aya.gslb.policy;

import io.aya.gslb.geo.ClientLocation;
import java.util.Set;

/**
 * {@code geofence=...}: only clients located in one of the listed countries or continents may get any
 * region. A client with an unknown location passes nothing, so the name falls back. The outcome depends on
 * the client's location (ECS scope: the location's), unless the locator has no data at all (scope 0).
 */
final class GeofenceStep implements Step {
  static final GeofenceStep INSTANCE = new GeofenceStep();

  private GeofenceStep() {}

  @Override
  public String name() {
    return "geofence";
  }

  @Override
  public void apply(Selection sel, Trace trace) {
    sel.locationDecided();
    ClientLocation loc = sel.location;
    Set<String> fence = sel.name.geofence;
    boolean inside =
        (loc.country() != null && fence.contains(loc.country()))
            || (loc.continent() != null && fence.contains(loc.continent()));
    if (trace != null) {
      String where = "client country " + loc.country() + ", continent " + loc.continent();
      for (int i = 0; i < sel.count; i++) {
        if (inside) {
          trace.kept(sel.order[i], name(), where + " inside " + fence);
        } else {
          trace.dropped(sel.order[i], name(), where + " outside " + fence);
        }
      }
    }
    if (!inside) {
      sel.count = 0;
    }
  }
}
