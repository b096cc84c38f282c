package io.aya.gslb.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GreatCircleTest {
  @Test
  void knownDistancesOnTheSphere() {
    assertEquals(464, GreatCircle.kmDegrees(51.51, -0.13, 53.35, -6.26), 5, "London to Dublin");
    assertEquals(10_860, GreatCircle.kmDegrees(51.51, -0.13, 1.35, 103.82), 50, "London to Singapore");
    assertEquals(0, GreatCircle.kmDegrees(10, 20, 10, 20), 1e-9, "same point");
    assertEquals(Math.PI * GreatCircle.EARTH_RADIUS_KM, GreatCircle.kmDegrees(0, 0, 0, 180), 1e-6, "antipodes");
  }

  @Test
  void haversineRanksPointsExactlyAsTheirDistanceAndConvertsBackToIt() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      double lat = Math.toRadians(random.nextDouble() * 180 - 90);
      double lon = Math.toRadians(random.nextDouble() * 360 - 180);
      double cos = Math.cos(lat);
      double lat1 = Math.toRadians(random.nextDouble() * 180 - 90);
      double lon1 = Math.toRadians(random.nextDouble() * 360 - 180);
      double lat2 = Math.toRadians(random.nextDouble() * 180 - 90);
      double lon2 = Math.toRadians(random.nextDouble() * 360 - 180);
      double h1 = GreatCircle.haversine(lat, lon, cos, lat1, lon1);
      double h2 = GreatCircle.haversine(lat, lon, cos, lat2, lon2);
      double km1 = GreatCircle.km(lat, lon, cos, lat1, lon1);
      double km2 = GreatCircle.km(lat, lon, cos, lat2, lon2);
      assertTrue(h1 >= 0 && h1 <= 1, "haversine in 0..1: " + h1);
      assertEquals(Double.compare(km1, km2), Double.compare(h1, h2), "same order as the distance");
      assertEquals(km1, GreatCircle.kmOfHaversine(h1), 1e-9);
    }
  }
}
