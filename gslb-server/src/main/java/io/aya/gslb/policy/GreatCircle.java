package io.aya.gslb.policy;

/** Great-circle distance on a spherical Earth (haversine formula). Stateless, thread-safe. */
public final class GreatCircle {
  /** IUGG mean Earth radius. */
  public static final double EARTH_RADIUS_KM = 6371.0088;

  private GreatCircle() {}

  /** Distance in km between two points given in radians, with the cosine of the first latitude precomputed. */
  static double km(double lat1, double lon1, double cosLat1, double lat2, double lon2) {
    return kmOfHaversine(haversine(lat1, lon1, cosLat1, lat2, lon2));
  }

  /**
   * The haversine of the central angle between two points in radians (0 for the same point, 1 for antipodes),
   * with the cosine of the first latitude precomputed. It grows with the distance, so it ranks points as the
   * distance does without the arcsine: {@link #kmOfHaversine} turns it into km where km are shown.
   */
  static double haversine(double lat1, double lon1, double cosLat1, double lat2, double lon2) {
    double sinDLat = Math.sin((lat2 - lat1) * 0.5);
    double sinDLon = Math.sin((lon2 - lon1) * 0.5);
    return Math.min(1.0, sinDLat * sinDLat + cosLat1 * Math.cos(lat2) * sinDLon * sinDLon);
  }

  /** The distance in km of a {@link #haversine} value. */
  static double kmOfHaversine(double a) {
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
  }

  /** Distance in km between two points given in degrees. */
  public static double kmDegrees(double lat1, double lon1, double lat2, double lon2) {
    double la1 = Math.toRadians(lat1);
    return km(la1, Math.toRadians(lon1), Math.cos(la1), Math.toRadians(lat2), Math.toRadians(lon2));
  }
}
