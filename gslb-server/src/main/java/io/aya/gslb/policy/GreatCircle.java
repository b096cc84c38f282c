package io.aya.gslb.policy;

/** Great-circle distance on a spherical Earth (haversine formula). Stateless, thread-safe. */
final class GreatCircle {
  /** IUGG mean Earth radius. */
  static final double EARTH_RADIUS_KM = 6371.0088;

  private GreatCircle() {}

  /** Distance in km between two points given in radians, with the cosine of the first latitude precomputed. */
  static double km(double lat1, double lon1, double cosLat1, double lat2, double lon2) {
    double sinDLat = Math.sin((lat2 - lat1) * 0.5);
    double sinDLon = Math.sin((lon2 - lon1) * 0.5);
    double a = sinDLat * sinDLat + cosLat1 * Math.cos(lat2) * sinDLon * sinDLon;
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
  }

  /** Distance in km between two points given in degrees. */
  static double kmDegrees(double lat1, double lon1, double lat2, double lon2) {
    double la1 = Math.toRadians(lat1);
    return km(la1, Math.toRadians(lon1), Math.cos(la1), Math.toRadians(lat2), Math.toRadians(lon2));
  }
}
