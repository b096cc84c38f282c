package io.aya.gslb.health;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of health checks and of the health/load view, checked once when built. {@link #defaults()} gives
 * the documented defaults; the {@code with*} methods return modified copies.
 *
 * @param coldStart endpoint state before the first result (default {@link ColdStart#ASSUME_UP})
 * @param quorum how live members' observations combine (default {@link Quorum#MAJORITY})
 * @param staleIntervals an observation older than this many times (check interval + timeout) is ignored
 *     (default 3, at least 2)
 * @param loadTtl a load report older than this is ignored: load NaN, admit fraction 1 (default 60 s)
 * @param loadSmoothing EWMA weight of a new load report, in (0, 1] (default 0.5; 1 = no smoothing)
 * @param lowWatermark fraction of capacity where shedding starts (default 0.8)
 * @param highWatermark fraction of capacity the admitted load never exceeds at steady state (default 1.0)
 * @param minAdmitFraction floor of the admit fraction, so a loaded region keeps reporting what it sees
 *     (default 0.05)
 * @param viewTick how often the view is rebuilt without any change, so that stale data expires (default 1 s)
 * @param ioThreads event loop threads for probes (default 2)
 * @param observationRetention an observation by a node that is no longer a member is deleted from the shared
 *     state once it is older than this or than twice the staleness bound of its endpoint's check, whichever
 *     is longer (default 10 min)
 */
public record HealthConfig(
    ColdStart coldStart,
    Quorum quorum,
    int staleIntervals,
    Duration loadTtl,
    double loadSmoothing,
    double lowWatermark,
    double highWatermark,
    double minAdmitFraction,
    Duration viewTick,
    int ioThreads,
    Duration observationRetention) {

  public HealthConfig {
    Objects.requireNonNull(coldStart, "coldStart");
    Objects.requireNonNull(quorum, "quorum");
    Objects.requireNonNull(loadTtl, "loadTtl");
    Objects.requireNonNull(viewTick, "viewTick");
    if (staleIntervals < 2) {
      // with 1, jitter alone (checks up to 1.1 intervals apart) would let fresh verdicts go stale
      throw new IllegalArgumentException("staleIntervals: " + staleIntervals + " (expected: >= 2)");
    }
    if (loadTtl.isNegative() || loadTtl.isZero()) {
      throw new IllegalArgumentException("loadTtl: " + loadTtl + " (expected: > 0)");
    }
    if (!(loadSmoothing > 0 && loadSmoothing <= 1)) {
      throw new IllegalArgumentException("loadSmoothing: " + loadSmoothing + " (expected: (0, 1])");
    }
    if (!(lowWatermark > 0 && lowWatermark <= highWatermark)) {
      throw new IllegalArgumentException(
          "lowWatermark: " + lowWatermark + " (expected: (0, highWatermark=" + highWatermark + "])");
    }
    if (!(highWatermark > 0 && highWatermark <= 10)) {
      throw new IllegalArgumentException("highWatermark: " + highWatermark + " (expected: (0, 10])");
    }
    if (!(minAdmitFraction > 0 && minAdmitFraction <= 1)) {
      throw new IllegalArgumentException("minAdmitFraction: " + minAdmitFraction + " (expected: (0, 1])");
    }
    if (viewTick.isNegative() || viewTick.isZero()) {
      throw new IllegalArgumentException("viewTick: " + viewTick + " (expected: > 0)");
    }
    if (ioThreads < 1 || ioThreads > 64) {
      throw new IllegalArgumentException("ioThreads: " + ioThreads + " (expected: 1..64)");
    }
    Objects.requireNonNull(observationRetention, "observationRetention");
    if (observationRetention.isNegative() || observationRetention.isZero()) {
      throw new IllegalArgumentException("observationRetention: " + observationRetention + " (expected: > 0)");
    }
  }

  /**
   * How old an observation of an endpoint checked by {@code check} is when the view stops counting it: a
   * check repeats every interval, but a slow probe (up to its timeout) delays the next one.
   */
  public long staleMillis(io.aya.gslb.zone.CheckSpec check) {
    return staleIntervals * (check.interval().toMillis() + check.timeout().toMillis());
  }

  public static HealthConfig defaults() {
    return new HealthConfig(ColdStart.ASSUME_UP, Quorum.MAJORITY, 3, Duration.ofSeconds(60), 0.5, 0.8, 1.0, 0.05,
        Duration.ofSeconds(1), 2, Duration.ofMinutes(10));
  }

  public HealthConfig withColdStart(ColdStart c) {
    return new HealthConfig(c, quorum, staleIntervals, loadTtl, loadSmoothing, lowWatermark, highWatermark,
        minAdmitFraction, viewTick, ioThreads, observationRetention);
  }

  public HealthConfig withQuorum(Quorum q) {
    return new HealthConfig(coldStart, q, staleIntervals, loadTtl, loadSmoothing, lowWatermark, highWatermark,
        minAdmitFraction, viewTick, ioThreads, observationRetention);
  }

  public HealthConfig withStaleIntervals(int n) {
    return new HealthConfig(coldStart, quorum, n, loadTtl, loadSmoothing, lowWatermark, highWatermark,
        minAdmitFraction, viewTick, ioThreads, observationRetention);
  }

  public HealthConfig withLoadTtl(Duration ttl) {
    return new HealthConfig(coldStart, quorum, staleIntervals, ttl, loadSmoothing, lowWatermark, highWatermark,
        minAdmitFraction, viewTick, ioThreads, observationRetention);
  }

  public HealthConfig withLoadSmoothing(double alpha) {
    return new HealthConfig(coldStart, quorum, staleIntervals, loadTtl, alpha, lowWatermark, highWatermark,
        minAdmitFraction, viewTick, ioThreads, observationRetention);
  }

  public HealthConfig withWatermarks(double low, double high) {
    return new HealthConfig(coldStart, quorum, staleIntervals, loadTtl, loadSmoothing, low, high,
        minAdmitFraction, viewTick, ioThreads, observationRetention);
  }

  public HealthConfig withMinAdmitFraction(double f) {
    return new HealthConfig(coldStart, quorum, staleIntervals, loadTtl, loadSmoothing, lowWatermark, highWatermark,
        f, viewTick, ioThreads, observationRetention);
  }

  public HealthConfig withViewTick(Duration tick) {
    return new HealthConfig(coldStart, quorum, staleIntervals, loadTtl, loadSmoothing, lowWatermark, highWatermark,
        minAdmitFraction, tick, ioThreads, observationRetention);
  }

  public HealthConfig withIoThreads(int n) {
    return new HealthConfig(coldStart, quorum, staleIntervals, loadTtl, loadSmoothing, lowWatermark, highWatermark,
        minAdmitFraction, viewTick, n, observationRetention);
  }

  public HealthConfig withObservationRetention(Duration retention) {
    return new HealthConfig(coldStart, quorum, staleIntervals, loadTtl, loadSmoothing, lowWatermark, highWatermark,
        minAdmitFraction, viewTick, ioThreads, retention);
  }
}
