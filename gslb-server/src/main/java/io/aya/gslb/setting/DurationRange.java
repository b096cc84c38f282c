package io.aya.gslb.setting;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The allowed range of a duration setting, in the unit the config file gives it in ({@code
 * tcp-idle-timeout-seconds: 1..3600}), so that the component that takes the {@link Duration} checks it once
 * with the config file's words: {@code "tcp-idle-timeout-seconds: 0 (expected: 1..3600)"}. A minimum of 1 means
 * "more than zero": shorter durations than one unit (tests, the Java API) are allowed. Immutable.
 *
 * @param setting the setting's name as the config file spells it
 * @param unit the unit of the setting's number ({@link ChronoUnit#SECONDS} or {@link ChronoUnit#MILLIS})
 * @param min 0 (zero allowed) or 1 (more than zero)
 * @param max the largest number of {@code unit}s
 */
public record DurationRange(String setting, ChronoUnit unit, long min, long max) {
  public DurationRange {
    Objects.requireNonNull(setting, "setting");
    Objects.requireNonNull(unit, "unit");
    if (min != 0 && min != 1) {
      throw new IllegalArgumentException("min: " + min + " (expected: 0 or 1)");
    }
  }

  /** @throws IllegalArgumentException naming the setting, its value in {@code unit}s and the range */
  public Duration check(Duration value) {
    Objects.requireNonNull(value, setting);
    boolean low = min == 0 ? value.isNegative() : value.isNegative() || value.isZero();
    if (low || value.compareTo(unit.getDuration().multipliedBy(max)) > 0) {
      long millis = value.toMillis();
      long perUnit = unit.getDuration().toMillis();
      String shown = millis % perUnit == 0 ? Long.toString(millis / perUnit) : Double.toString((double) millis / perUnit);
      throw new IllegalArgumentException(setting + ": " + shown + " (expected: " + min + ".." + max + ")");
    }
    return value;
  }
}
