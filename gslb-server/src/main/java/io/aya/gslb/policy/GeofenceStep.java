package io.aya.gslb.policy;

import io.aya.gslb.geo.ClientLocation;
import java.util.TreeSet;

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
    CompiledName n = sel.name;
    // countries and continents apart: NA is Namibia as a country and North America as a continent
    boolean inside =
        (loc.country() != null && n.fenceCountries.contains(loc.country()))
            || (loc.continent() != null && n.fenceContinents.contains(loc.continent()));
    if (trace != null) {
      String where = "client country " + loc.country() + ", continent " + loc.continent();
      String fence = "countries " + new TreeSet<>(n.fenceCountries) + ", continents " + new TreeSet<>(n.fenceContinents);
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
