package io.aya.gslb.health;

import io.aya.cluster.OperatorOverride;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the override that decides for a region or endpoint: the newest one (active or not) whose target, a
 * name or a {@link Glob}, matches it; on equal times the safe side wins (a drain over an undrain, down over
 * up). Caches compiled globs. Not thread-safe: used by the view publisher's rebuild only.
 */
final class OverrideMatcher {
  private static final int MAX_CACHED = 4096;

  private final Map<String, Pattern> globs = new HashMap<>();

  /** Bounds the glob cache (called once per rebuild). */
  void trim() {
    if (globs.size() > MAX_CACHED) {
      globs.clear();
    }
  }

  /** The newest override of {@code overrides} whose target matches {@code name}, or null. */
  OperatorOverride newest(List<OperatorOverride> overrides, String name) {
    OperatorOverride best = null;
    for (OperatorOverride o : overrides) {
      if (!matches(o.target(), name)) {
        continue;
      }
      if (best == null || o.timestampMillis() > best.timestampMillis()
          || (o.timestampMillis() == best.timestampMillis() && rank(o) > rank(best))) {
        best = o;
      }
    }
    return best;
  }

  private static int rank(OperatorOverride o) {
    if (!o.active()) {
      return 0;
    }
    return o.kind() == OperatorOverride.Kind.FORCE_UP ? 1 : 2;
  }

  private boolean matches(String target, String name) {
    if (!Glob.isGlob(target)) {
      // an override written by an older release may spell an IPv6 endpoint uncompressed
      return target.equals(name) || (target.indexOf(':') >= 0 && io.aya.gslb.zone.AddressText.canonicalKey(target).equals(name));
    }
    return globs.computeIfAbsent(target, Glob::compile).matcher(name).matches();
  }
}
