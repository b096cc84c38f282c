package io.aya.gslb.config;

import io.aya.gslb.health.ColdStart;
import io.aya.gslb.health.HealthConfig;
import io.aya.gslb.health.Quorum;
import java.time.Duration;

/**
 * The health and load settings (docs/configuration.md) as a {@link HealthConfig}: cold start, quorum and the
 * tuning knobs, each checked with the name the config file gives it ({@code "load-ttl-seconds: 0 (expected:
 * 1..86400)"}); unset ones at {@link HealthConfig#defaults()}.
 */
final class HealthSettings {
  private HealthSettings() {}

  static HealthConfig of(ConfigLoader.Settings flags, ConfigLoader.Settings file) {
    HealthConfig d = HealthConfig.defaults();
    int stale = ConfigLoader.pick(flags.staleIntervals, file.staleIntervals, d.staleIntervals());
    ServerConfig.checkRange("stale-intervals", stale, 2, 100);
    int ttl = ConfigLoader.pick(flags.loadTtlSeconds, file.loadTtlSeconds, (int) d.loadTtl().toSeconds());
    ServerConfig.checkRange("load-ttl-seconds", ttl, 1, 86_400);
    double smoothing = ConfigLoader.pick(flags.loadSmoothing, file.loadSmoothing, d.loadSmoothing());
    checkFraction("load-smoothing", smoothing, 1, "(0, 1]");
    double high = ConfigLoader.pick(flags.highWatermark, file.highWatermark, d.highWatermark());
    checkFraction("high-watermark", high, 10, "(0, 10]");
    double low = ConfigLoader.pick(flags.lowWatermark, file.lowWatermark, d.lowWatermark());
    checkFraction("low-watermark", low, high, "(0, high-watermark=" + high + "]");
    double minAdmit = ConfigLoader.pick(flags.minAdmitFraction, file.minAdmitFraction, d.minAdmitFraction());
    checkFraction("min-admit-fraction", minAdmit, 1, "(0, 1]");
    int tick = ConfigLoader.pick(flags.viewTickSeconds, file.viewTickSeconds, (int) d.viewTick().toSeconds());
    ServerConfig.checkRange("view-tick-seconds", tick, 1, 60);
    int retention = ConfigLoader.pick(flags.observationRetentionSeconds, file.observationRetentionSeconds,
        (int) d.observationRetention().toSeconds());
    ServerConfig.checkRange("observation-retention-seconds", retention, 60, 7 * 86_400);
    int threads = ConfigLoader.pick(flags.healthThreads, file.healthThreads, d.ioThreads());
    ServerConfig.checkRange("health-threads", threads, 1, 64);
    return d.withColdStart(coldStart(ConfigLoader.pick(flags.coldStart, file.coldStart, "assume-up")))
        .withQuorum(quorum(ConfigLoader.pick(flags.quorum, file.quorum, "majority")))
        .withStaleIntervals(stale)
        .withLoadTtl(Duration.ofSeconds(ttl))
        .withLoadSmoothing(smoothing)
        .withWatermarks(low, high)
        .withMinAdmitFraction(minAdmit)
        .withViewTick(Duration.ofSeconds(tick))
        .withObservationRetention(Duration.ofSeconds(retention))
        .withIoThreads(threads);
  }

  private static void checkFraction(String setting, double value, double max, String range) {
    if (!(value > 0 && value <= max)) {
      throw new IllegalArgumentException(setting + ": " + value + " (expected: " + range + ")");
    }
  }

  /** {@code cold-start}: {@code assume-up} or {@code wait-first-round}. */
  private static ColdStart coldStart(String value) {
    for (ColdStart c : ColdStart.values()) {
      if (ConfigLoader.configName(c).equals(value)) {
        return c;
      }
    }
    throw new IllegalArgumentException("cold-start: " + value + " (expected: assume-up or wait-first-round)");
  }

  /** {@code quorum}: {@code any}, {@code majority} or {@code all}. */
  private static Quorum quorum(String value) {
    for (Quorum q : Quorum.values()) {
      if (ConfigLoader.configName(q).equals(value)) {
        return q;
      }
    }
    throw new IllegalArgumentException("quorum: " + value + " (expected: any, majority or all)");
  }
}
