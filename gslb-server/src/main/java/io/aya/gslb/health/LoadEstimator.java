package io.aya.gslb.health;

import io.aya.cluster.LoadReport;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Smooths one region's load reports and derives the share of its offered demand to admit.
 *
 * <h2>Why against offered demand</h2>
 * A region that sheds reports only the load it still receives. Deciding on that reduced load makes the
 * decision undo itself (shed, load falls, stop shedding, load rises...). So each report is turned into an
 * estimate of the demand <em>offered</em> to the region, {@code offered = load / e}, where {@code e} is the
 * <em>effective</em> fraction: the share of the offered demand that actually reached the region when the load
 * was measured. The offered estimate is what is smoothed (EWMA, weight {@code loadSmoothing} for a new report).
 *
 * <h2>The effective fraction: clients follow with a lag</h2>
 * Clients do not follow a new admit fraction at once: resolvers keep the balanced answers for their TTL. A
 * client holds the answer it got at its last resolution, at most one answer TTL {@code T} ago, so the
 * effective fraction at time {@code t} is a mix (weights unknown: they depend on when caches expire) of the
 * fractions handed out during {@code [t - T, t]}, and lies between their minimum and maximum. Dividing by the
 * newest fraction instead overstates the demand after every cut ({@code e} is still higher), which cuts
 * further: positive feedback down to the floor.
 *
 * <p>So the estimator keeps the fractions it handed out, with their times, and for a report measured at
 * {@code t} takes {@code e} from the interval {@code [lo, hi]} of the fractions handed out from {@code t - T}
 * up to now: {@code e = clamp(load / previous, lo, hi)}, where {@code previous} is the offered estimate of the
 * previous report. That is: a change of the load is put down to clients following a change of the fraction
 * as far as the lag can explain it, and only the rest to a change of demand. {@code T} is the largest answer
 * TTL of the balanced names with a pool in the region (given by the caller). Without a previous estimate
 * {@code e = hi}, the lowest demand the report allows.
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
 * At a steady demand {@code D} the reported load is {@code D * e} for the true effective fraction, which lies
 * in {@code [lo, hi]} however the caches expire, and every earlier estimate was {@code D}: so
 * {@code load / previous} is {@code e} itself, is not clamped, and every report yields exactly {@code D}. This
 * holds for clients that follow at once ({@code e} = the newest fraction) as for clients that lag by up to
 * {@code T}. The smoothed estimate then moves monotonically to the true demand and {@code f}, a monotone
 * function of it, moves monotonically to its fixed point: no overshoot, and no runaway to the floor. A change
 * of demand is seen at once where it exceeds what the lag can explain, and in full at the latest one
 * {@code T} after the fraction settles (then {@code lo = hi = f}, so {@code e = f}). The floor
 * {@code minAdmitFraction} keeps some demand flowing so that a shed region still reports what it sees (with
 * {@code f = 0} nothing could be learned); the floored fractions are the ones kept, so the estimate stays exact.
 * A load that does not follow the DNS at all (clients that ignore the TTL) looks, one {@code T} after a cut,
 * like a growing demand.
 *
 * <p>A report older than {@code loadTtl} (or none) resets the estimate: load and offered NaN, {@code f = 1}
 * (the fractions handed out before are kept: caches still hold them). Capacity 0 means unlimited: {@code f = 1}.
 *
 * <p>Not thread-safe: used by the view publisher's single rebuild thread.
 */
final class LoadEstimator {
  /** Bound on the kept fractions, against a flood of reports; the oldest go first. */
  static final int MAX_HISTORY = 4096;

  private final HealthConfig config;
  /** Fractions handed out, oldest first: {@code {timeMillis, fraction}}; the last one is in force. */
  private final ArrayDeque<double[]> handedOut = new ArrayDeque<>();
  private LoadReport last;
  private double load = Double.NaN;
  private double offered = Double.NaN;
  private double previous = Double.NaN;
  private double effective = Double.NaN;
  private double fraction = 1.0;

  LoadEstimator(HealthConfig config) {
    this.config = config;
    handedOut.add(new double[] {Long.MIN_VALUE, 1.0});
  }

  /**
   * Takes the region's current report (null when none) into account at {@code nowMillis}.
   *
   * @param lagMillis the longest time a client may keep an answer: the largest answer TTL of the region's names
   */
  void update(LoadReport report, long nowMillis, long capacity, long lagMillis) {
    forget(nowMillis - config.loadTtl().toMillis() - lagMillis);
    if (report == null || nowMillis - report.timestampMillis() > config.loadTtl().toMillis()) {
      load = Double.NaN;
      offered = Double.NaN;
      previous = Double.NaN;
      effective = Double.NaN;
      handOut(1.0, nowMillis);
      last = report;
      return;
    }
    if (report.equals(last)) {
      handOut(capacity == 0 || Double.isNaN(offered) ? 1.0 : admit(offered, capacity, config), nowMillis);
      return;
    }
    last = report;
    double[] range = handedOutSince(report.timestampMillis() - lagMillis);
    double ratio = report.load() / previous;
    // NaN without a previous estimate (or 0 / 0): the highest fraction, the lowest demand the report allows
    double e = Double.isNaN(ratio) ? range[1] : Math.max(range[0], Math.min(range[1], ratio));
    double rawOffered = report.load() / e;
    double a = config.loadSmoothing();
    effective = e;
    previous = rawOffered;
    load = Double.isNaN(load) ? report.load() : a * report.load() + (1 - a) * load;
    offered = Double.isNaN(offered) ? rawOffered : a * rawOffered + (1 - a) * offered;
    handOut(capacity == 0 ? 1.0 : admit(offered, capacity, config), nowMillis);
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

  private void handOut(double f, long nowMillis) {
    fraction = f;
    if (handedOut.getLast()[1] != f) {
      handedOut.addLast(new double[] {nowMillis, f});
      if (handedOut.size() > MAX_HISTORY) {
        handedOut.removeFirst();
      }
    }
  }

  /** Drops the fractions replaced before {@code horizon}, keeping the one in force then. */
  private void forget(long horizon) {
    while (handedOut.size() > 1) {
      Iterator<double[]> it = handedOut.iterator();
      it.next();
      if (it.next()[0] > horizon) {
        return;
      }
      handedOut.removeFirst();
    }
  }

  /** {min, max} of the fraction in force at {@code fromMillis} and of all handed out after it. */
  private double[] handedOutSince(long fromMillis) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    Iterator<double[]> it = handedOut.descendingIterator();
    while (it.hasNext()) {
      double[] h = it.next();
      lo = Math.min(lo, h[1]);
      hi = Math.max(hi, h[1]);
      if (h[0] <= fromMillis) {
        break;
      }
    }
    return new double[] {lo, hi};
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

  /** The effective fraction the last report was divided by (see the class comment); NaN without one. */
  double effective() {
    return effective;
  }

  LoadReport lastReport() {
    return last;
  }
}
