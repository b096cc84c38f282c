package io.aya.gslb.placement;

import io.aya.gslb.policy.GreatCircle;
import java.util.List;
import java.util.Map;

/**
 * The planner's cost of serving a network from each open region, as {@link PlacementProblem#cost} defines it
 * (measured median, else {@link RttModel}, plus {@code cost=}), computed for one network against all regions at
 * once: the regions' positions are unit vectors made once, so a modelled pair costs a dot product and an arcsine
 * instead of the haversine's sines and cosines, and the network's measured medians are looked up once. Not
 * thread-safe (one planning round).
 */
final class CostModel {
  private final List<Site> sites;
  private final int[] open;
  private final Map<String, Map<String, Double>> rttMs;
  private final double[][] unit;

  CostModel(List<Site> sites, int[] open, Map<String, Map<String, Double>> rttMs) {
    this.sites = sites;
    this.open = open;
    this.rttMs = rttMs;
    this.unit = new double[sites.size()][];
    for (int r : open) {
      unit[r] = unitVector(sites.get(r).latitude(), sites.get(r).longitude());
    }
  }

  /** Fills {@code out[r]} for every open region {@code r} with the cost (ms) of serving {@code d} from it. */
  void costs(NetworkDemand d, double[] out) {
    Map<String, Double> measured = rttMs.isEmpty() ? null : rttMs.get(d.network());
    double[] v = d.located() ? unitVector(d.latitude(), d.longitude()) : null;
    for (int r : open) {
      Site s = sites.get(r);
      Double rtt = measured == null ? null : measured.get(s.name());
      double latency;
      if (rtt != null) {
        latency = rtt;
      } else if (v == null || unit[r] == null) {
        latency = RttModel.BASE_MS;
      } else {
        latency = RttModel.BASE_MS + RttModel.MS_PER_KM * km(v, unit[r]);
      }
      out[r] = latency + s.cost();
    }
  }

  /** Great-circle km between two unit vectors: the chord gives the angle, 2·asin(chord / 2). */
  static double km(double[] a, double[] b) {
    double dx = a[0] - b[0];
    double dy = a[1] - b[1];
    double dz = a[2] - b[2];
    double chord = Math.sqrt(dx * dx + dy * dy + dz * dz);
    return 2 * GreatCircle.EARTH_RADIUS_KM * asin(Math.min(1.0, chord / 2));
  }

  /**
   * asin(x) for x in [0, 1] within 2e-8 rad (Abramowitz &amp; Stegun 4.4.46; 0.25 m on the earth, 4e-6 ms of
   * modelled RTT): a polynomial and a square root, several times cheaper than {@link Math#asin}, which took a
   * fifth of a 100,000-network round (2 million pairs). Plain double arithmetic, so every member computes the
   * same costs.
   */
  static double asin(double x) {
    double p = -0.0012624911;
    p = p * x + 0.0066700901;
    p = p * x - 0.0170881256;
    p = p * x + 0.0308918810;
    p = p * x - 0.0501743046;
    p = p * x + 0.0889789874;
    p = p * x - 0.2145988016;
    p = p * x + 1.5707963050;
    return Math.PI / 2 - Math.sqrt(1 - x) * p;
  }

  /** A unit vector of a position in degrees; null when unknown (NaN). */
  private static double[] unitVector(double latDeg, double lonDeg) {
    if (Double.isNaN(latDeg) || Double.isNaN(lonDeg)) {
      return null;
    }
    double lat = Math.toRadians(latDeg);
    double lon = Math.toRadians(lonDeg);
    double c = Math.cos(lat);
    return new double[] {c * Math.cos(lon), c * Math.sin(lon), Math.sin(lat)};
  }
}
