package io.aya.gslb.health;

import io.aya.cluster.LoadReport;

/**
 * Smooths one region's load reports and derives the share of its offered demand to admit.
 *
 * <h2>Why against offered demand</h2>
 * A region that sheds reports only the load it still receives. Deciding on that reduced load makes the
 * decision undo itself (shed, load falls, stop shedding, load rises...). So each report is turned into an
 * estimate of the demand <em>offered</em> to the region, {@code offered = load / f}, where {@code f} is the
 * admit fraction in force while that load was measured (the one this estimator handed out last), and the
 * offered estimate is what is smoothed (EWMA, weight {@code loadSmoothing} for a new report).
 *
 * <h2>The admit fraction</h2>
 * With {@code L = low * capacity} and {@code H = high * capacity}, the load the region should receive for
 * an offered demand {@code D} is
 * <pre>
 *   A(D) = D                      when D &lt;= L          (no shedding)
 *   A(D) = L + (D - L) / 2        when L &lt; D &lt; L + 2(H - L) (shed half of the excess above L)
 *   A(D) = H                      beyond                  (admit exactly the high watermark)
 * </pre>
 * and {@code f = max(minAdmitFraction, A(D) / D)}. {@code A} is continuous and never above {@code H}, so
 * admission eases in from the low watermark instead of switching at one threshold; at a steady demand above
 * {@code L + 2(H - L)} the region receives exactly {@code H} (with the defaults: capacity / offered).
 *
 * <h2>Why it converges without oscillating</h2>
 * When the reported load is the offered demand times the fraction in force, every report yields the same
 * offered estimate whatever {@code f} was, so the smoothed estimate moves monotonically to the true demand
 * and {@code f}, a monotone function of it, moves monotonically to its fixed point: no overshoot. Reports
 * that lag a change of {@code f} (DNS caches) bias single estimates; the EWMA damps that. The floor
 * {@code minAdmitFraction} keeps some demand flowing so that a shed region still reports what it sees
 * (with {@code f = 0} nothing could be learned); the same floored {@code f} is used to divide, so the
 * estimate stays exact.
 *
 * <p>A report older than {@code loadTtl} (or none) resets everything: load and offered NaN, {@code f = 1}.
 * Capacity 0 means unlimited: {@code f = 1}.
 *
 * <p>Not thread-safe: used by the view publisher's single rebuild thread.
 */
final class LoadEstimator {
  private final HealthConfig config;
  private LoadReport last;
  private double load = Double.NaN;
  private double offered = Double.NaN;
  private double fraction = 1.0;

  LoadEstimator(HealthConfig config) {
    this.config = config;
  }

  /** Takes the region's current report (null when none) into account at {@code nowMillis}. */
  void update(LoadReport report, long nowMillis, long capacity) {
    if (report == null || nowMillis - report.timestampMillis() > config.loadTtl().toMillis()) {
      load = Double.NaN;
      offered = Double.NaN;
      fraction = 1.0;
      last = report;
      return;
    }
    if (report.equals(last)) {
      fraction = capacity == 0 || Double.isNaN(offered) ? 1.0 : admit(offered, capacity, config);
      return;
    }
    last = report;
    double a = config.loadSmoothing();
    double rawOffered = report.load() / fraction;
    load = Double.isNaN(load) ? report.load() : a * report.load() + (1 - a) * load;
    offered = Double.isNaN(offered) ? rawOffered : a * rawOffered + (1 - a) * offered;
    fraction = capacity == 0 ? 1.0 : admit(offered, capacity, config);
  }

  /** The admit fraction for offered demand {@code d} and a positive capacity (see the class comment). */
  static double admit(double d, long capacity, HealthConfig c) {
    double low = c.lowWatermark() * capacity;
    double high = c.highWatermark() * capacity;
    if (!(d > low)) {
      return 1.0;
    }
    double admitted = Math.min(high, low + (d - low) / 2);
    return Math.max(c.minAdmitFraction(), Math.min(1.0, admitted / d));
  }

  double load() {
    return load;
  }

  double offered() {
    return offered;
  }

  double fraction() {
    return fraction;
  }

  LoadReport lastReport() {
    return last;
  }
}
