package io.aya.gslb.placement;

/**
 * Holt's linear exponential smoothing of one region's load reports: a level and a trend (per ms), so the
 * planner can plan against the load expected one answer TTL ahead, when the answers it hands out now are
 * still cached. A rising region then sheds before it saturates instead of one TTL late. Reports are taken in
 * timestamp order; a repeated or older report is ignored. Not thread-safe (the planner's thread).
 */
final class HoltForecast {
  static final double ALPHA = 0.5;
  static final double BETA = 0.3;

  private long lastMillis = Long.MIN_VALUE;
  private double level = Double.NaN;
  private double trendPerMs;

  /** Takes a report of {@code load} measured at {@code millis}. */
  void observe(double load, long millis) {
    if (millis <= lastMillis) {
      return;
    }
    if (Double.isNaN(level)) {
      level = load;
      trendPerMs = 0;
    } else {
      double dt = millis - lastMillis;
      double previous = level;
      level = ALPHA * load + (1 - ALPHA) * (level + trendPerMs * dt);
      trendPerMs = BETA * ((level - previous) / dt) + (1 - BETA) * trendPerMs;
    }
    lastMillis = millis;
  }

  /** The load expected {@code aheadMillis} after the last report (never negative); NaN before any. */
  double forecast(long aheadMillis) {
    return Double.isNaN(level) ? Double.NaN : Math.max(0, level + trendPerMs * aheadMillis);
  }

  /** The smoothed level at the last report; NaN before any. */
  double level() {
    return level;
  }
}
