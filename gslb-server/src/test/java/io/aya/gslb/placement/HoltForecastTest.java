package io.aya.gslb.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Holt's forecast on the load reports of a region (one report every 5 s), looked at one 30 s TTL ahead. */
class HoltForecastTest {
  private static final long TICK = 5_000;
  private static final long TTL = 30_000;

  @Test
  void duringALinearRampTheForecastOneTtlAheadMeetsTheLoadThatComesWhileTheLevelLagsBehind() {
    HoltForecast f = new HoltForecast();
    // 600 rising by 1 % of it per second: +180 per TTL
    double perMs = 6.0 / 1000;
    for (int t = 0; t <= 20; t++) {
      long now = t * TICK;
      f.observe(600 + perMs * now, now);
    }
    long now = 20 * TICK;
    double then = 600 + perMs * (now + TTL);
    assertThat(f.forecast(TTL)).isCloseTo(then, within(then * 0.01));
    // what planning on the smoothed level assumes is short by a whole TTL's growth: one TTL late
    assertThat(then - f.level()).isCloseTo(perMs * TTL, within(perMs * TTL * 0.05));
  }

  @Test
  void aSteadyLoadIsForecastAsItIsAndATurnIsFollowedWithinAFewReports() {
    HoltForecast f = new HoltForecast();
    for (int t = 0; t <= 10; t++) {
      f.observe(500, t * TICK);
    }
    assertThat(f.forecast(TTL)).isCloseTo(500, within(1e-9));
    // the load rises for a minute and then stays: the forecast overshoots at first and settles back
    for (int t = 11; t <= 22; t++) {
      f.observe(500 + 10.0 * (t - 10), t * TICK);
    }
    for (int t = 23; t <= 40; t++) {
      f.observe(620, t * TICK);
    }
    assertThat(f.forecast(TTL)).isCloseTo(620, within(620 * 0.02));
  }

  @Test
  void reportsOutOfOrderAreIgnoredAndNoForecastIsNegative() {
    HoltForecast f = new HoltForecast();
    assertThat(f.forecast(TTL)).isNaN();
    f.observe(100, 10_000);
    f.observe(999, 5_000);
    assertThat(f.level()).isEqualTo(100);
    f.observe(0, 15_000);
    f.observe(0, 20_000);
    assertThat(f.forecast(600_000)).isGreaterThanOrEqualTo(0);
  }
}
