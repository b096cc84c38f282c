package io.aya.gslb.dns;

import io.aya.gslb.zone.BalancedName;
import java.util.Objects;

/**
 * What a query name and type that always reaches one balanced name renders to, apart from the resolver's
 * records: kept in the {@link ResponseCache} so that such queries skip the zone walk and message building.
 *
 * @param name the balanced name to resolve
 * @param head the response header (AA, NOERROR, no records) and question, without OPT
 * @param noData the complete NODATA response (SOA in authority) for when the resolver answers nothing
 */
record BalancedRoute(BalancedName name, byte[] head, byte[] noData) {
  BalancedRoute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(noData, "noData");
  }
}
