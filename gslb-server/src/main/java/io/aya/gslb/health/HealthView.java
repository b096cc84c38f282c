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
   * Fraction of the region's offered demand the capacity step admits, in [0, 1]: 1 below the low watermark,
   * 0 at or above the high watermark, proportional between. 1 when the region has no capacity or no load.
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
