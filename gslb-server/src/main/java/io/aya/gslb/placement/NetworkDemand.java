package io.aya.gslb.placement;

import io.aya.gslb.geo.IpBits;
import java.util.Objects;

/**
 * The demand of one client network, in the regions' capacity units.
 *
 * @param network CIDR, e.g. {@code 81.2.69.0/24} or {@code 2001:db8:3::/48} (canonical: host bits clear)
 * @param latitude degrees, NaN when the network cannot be located (it then costs only its RTT samples, or
 *     the same everywhere)
 * @param longitude degrees, NaN when unknown
 * @param demand expected load of the network (forecast), >= 0
 * @param source where the figure came from
 */
public record NetworkDemand(String network, double latitude, double longitude, double demand, DemandSource source) {
  public NetworkDemand {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(source, "source");
    IpBits.Cidr.parse(network);
    if (!(demand >= 0) || Double.isInfinite(demand)) {
      throw new IllegalArgumentException("demand: " + demand + " (expected: >= 0)");
    }
  }

  boolean located() {
    return !Double.isNaN(latitude) && !Double.isNaN(longitude);
  }
}
