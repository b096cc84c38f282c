package io.aya.cluster;

import java.time.Clock;

/**
 * How long values written by other nodes take to reach this one: for the latest such value (an observation,
 * load report, override or liveness stamp), local receive time minus the value's own timestamp, at least 0.
 * Values stamped before the node went live (or last merged) arrive with a fill-up, not by propagation, and
 * are not measured. Thread-safe.
 */
final class PropagationDelay {
  private final String self;
  private final Clock clock;
  private volatile long lastMillis = -1;
  /** Values stamped before this time reached us by fill-up or merge, not by propagation: not measured. */
  private volatile long liveSinceMillis = Long.MAX_VALUE;

  PropagationDelay(String self, Clock clock) {
    this.self = self;
    this.clock = clock;
  }

  /** Values stamped from now on are propagation (called on start and after a split-brain merge). */
  void liveFromNow() {
    liveSinceMillis = clock.millis();
  }

  /** True when a value stamped {@code timestampMillis} was written since the node went live. */
  boolean sinceLive(long timestampMillis) {
    return timestampMillis >= liveSinceMillis;
  }

  /** Records the delay of a value stamped {@code timestampMillis} by {@code origin} (not this node's own). */
  void measure(String origin, long timestampMillis) {
    if (self.equals(origin) || !sinceLive(timestampMillis)) {
      return;
    }
    lastMillis = Math.max(0, clock.millis() - timestampMillis);
  }

  /** The latest measured delay in milliseconds, or {@code -1} until one was measured. */
  long lastMillis() {
    return lastMillis;
  }
}
