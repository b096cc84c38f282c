package io.aya.gslb.placement;

import io.aya.gslb.policy.GreatCircle;

/**
 * The default cost of serving a network from a region: a round-trip time modelled from the great-circle
 * distance. Light in fibre covers about 200 km per ms; real paths are about 1.5 times the great circle, there
 * and back: {@code rtt = BASE_MS + km × MS_PER_KM}. Measured medians ({@code POST /api/v1/rtt}) replace it.
 * Stateless.
 */
public final class RttModel {
  /** Fixed part (last mile, serialisation, server). */
  public static final double BASE_MS = 2.0;

  /** 2 (round trip) × 1.5 (path stretch) / 200 km per ms. */
  public static final double MS_PER_KM = 0.015;

  private RttModel() {}

  /** Modelled RTT in ms between two points in degrees; {@link #BASE_MS} when either is unknown (NaN). */
  public static double ms(double lat1, double lon1, double lat2, double lon2) {
    double km = GreatCircle.kmDegrees(lat1, lon1, lat2, lon2);
    return Double.isNaN(km) ? BASE_MS : BASE_MS + km * MS_PER_KM;
  }
}
