package io.aya.gslb.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aya.gslb.policy.GreatCircle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostModelTest {
  @Test
  void theCheapArcsineIsWithinTwoHundredMillionthsOfARadianOverItsWholeRange() {
    double worst = 0;
    for (int i = 0; i <= 1_000_000; i++) {
      double x = i / 1_000_000.0;
      worst = Math.max(worst, Math.abs(CostModel.asin(x) - Math.asin(x)));
    }
    assertThat(worst).isLessThan(2.5e-8);
  }

  @Test
  void modelledCostsFollowTheGreatCircleDistanceWithinAMetre() {
    Site london = new Site("eu", 51.5, -0.1, 100, 0, true, 0);
    Site sydney = new Site("au", -33.9, 151.2, 100, 2.5, true, 0);
    CostModel m = new CostModel(List.of(london, sydney), new int[] {0, 1}, Map.of());
    double[] out = new double[2];
    NetworkDemand newYork = new NetworkDemand("192.0.2.0/24", 40.7, -74.0, 1, DemandSource.REPORTED);
    m.costs(newYork, out);
    double toLondon = GreatCircle.kmDegrees(40.7, -74.0, 51.5, -0.1);
    double toSydney = GreatCircle.kmDegrees(40.7, -74.0, -33.9, 151.2);
    assertThat(out[0]).isCloseTo(RttModel.BASE_MS + RttModel.MS_PER_KM * toLondon, within(RttModel.MS_PER_KM * 1e-3));
    assertThat(out[1]).isCloseTo(RttModel.BASE_MS + RttModel.MS_PER_KM * toSydney + 2.5,
        within(RttModel.MS_PER_KM * 1e-3));
  }
}
