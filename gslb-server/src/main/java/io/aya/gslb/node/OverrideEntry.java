package io.aya.gslb.node;

import io.aya.cluster.OperatorOverride;
import java.util.Locale;

/**
 * An operator override as the admin API shows it ({@code kind} in lower case with {@code -}: {@code drain},
 * {@code force-up}, {@code force-down}).
 */
record OverrideEntry(String kind, String target, boolean active, String node, long timeMillis, String time) {
  /** The entry for {@code o}, or null when there is no override. */
  static OverrideEntry of(OperatorOverride o) {
    if (o == null) {
      return null;
    }
    return new OverrideEntry(o.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), o.target(), o.active(),
        o.node(), o.timestampMillis(), IsoTime.of(o.timestampMillis()));
  }
}
