package io.aya.gslb.placement;

/**
 * Holt's linear exponential smoothing of one region's load reports: a level and a trend (per ms), so the
 * planner can plan against the load expected one answer TTL ahead, when the answers it hands out now are
 * still cached. A rising region then sheds before it saturates instead of one TTL late. Reports are taken in
 * timestamp order; a repeated or older report is ignored. Not thread-safe (the planner's thread).
 *
 * <p>With {@code alpha} 1 the level is the last figure itself and only the trend is smoothed: what
 * {@link DemandForecast} uses, which trusts each reported figure and adds the trend one TTL ahead.
 */
final class HoltForecast {
  static final double ALPHA = 0.5;
  static final double BETA = 0.3;

  private final double alpha;
  private final double beta;
  private long lastMillis = Long.MIN_VALUE;
  private double level = Double.NaN;
  private double trendPerMs;

  /** Level weight {@link #ALPHA}, trend weight {@link #BETA}. */
  HoltForecast() {
    this(ALPHA, BETA);
  }

  /** @param alpha weight of a new figure in the level, in (0, 1]; @param beta weight of a new slope in the trend */
  HoltForecast(double alpha, double beta) {
    if (!(alpha > 0 && alpha <= 1) || !(beta > 0 && beta <= 1)) {
      throw new IllegalArgumentException("alpha, beta: " + alpha + ", " + beta + " (expected: (0, 1])");
    }
    this.alpha = alpha;
    this.beta = beta;
  }

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
      level = alpha * load + (1 - alpha) * (level + trendPerMs * dt);
      trendPerMs = beta * ((level - previous) / dt) + (1 - beta) * trendPerMs;
    }
    lastMillis = millis;
  }

  /** The load expected {@code aheadMillis} after the last report (never negative); NaN before any. */
  double forecast(long aheadMillis) {
    return Double.isNaN(level) ? Double.NaN : Math.max(0, level + trendPerMs * aheadMillis);
  }

  /** The smoothed trend, per ms (0 before a second report). */
  double trendPerMs() {
    return trendPerMs;
  }

  /** The smoothed level at the last report; NaN before any. */
  double level() {
    return level;
  }
}
