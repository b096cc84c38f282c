package io.aya.gslb.health;

/**
 * An immutable snapshot of what the answer path needs to know about health, load and operator
 * overrides. Published by swapping a reference ({@link HealthViewSource}); reading it takes no locks.
 */
public interface HealthView {
  /**
   * True when the endpoint (see {@code Endpoint.key()}) may be answered: its cluster verdict is up or it is
   * forced up, it is not forced down, and (cold start) it is not waiting for a first result.
   */
  boolean endpointUp(String endpointKey);

  /** True when an operator drained this region (glob overrides already resolved). */
  boolean regionDrained(String region);

  /** Smoothed load of the region in capacity units, or NaN when no fresh report exists. */
  double regionLoad(String region);

  /**
   * Fraction of the region's offered demand the capacity step admits, in (0, 1]: 1 while the offered demand
   * is at or below the low watermark; above it the region sheds proportionally (half of the excess over the
   * low watermark) until the admitted load reaches the high watermark, beyond which it admits exactly
   * {@code high * capacity / offered}. Never below a small floor (default 0.05), so a shed region keeps
   * reporting what it sees. 1 when the region has no capacity (unlimited) or no fresh load report. The
   * capacity step should move a stable-hash share {@code 1 - admitFraction} of client networks elsewhere.
   * See {@code LoadEstimator} for the formula and why it converges.
   */
  double admitFraction(String region);

  /** Everything up, nothing drained, no load: the view before any health information exists. */
  HealthView ALL_UP =
      new HealthView() {
        @Override
        public boolean endpointUp(String endpointKey) {
          return true;
        }

        @Override
        public boolean regionDrained(String region) {
          return false;
        }

        @Override
        public double regionLoad(String region) {
          return Double.NaN;
        }

        @Override
        public double admitFraction(String region) {
          return 1.0;
        }
      };
}
