package io.aya.gslb.node;

import java.time.Instant;

/** The ISO-8601 UTC copy that the admin API gives next to every {@code ...Millis} time. */
final class IsoTime {
  private IsoTime() {}

  /** {@code millis} as ISO-8601 UTC, or null when not known ({@code <= 0}). */
  static String of(long millis) {
    return millis <= 0 ? null : Instant.ofEpochMilli(millis).toString();
  }
}
