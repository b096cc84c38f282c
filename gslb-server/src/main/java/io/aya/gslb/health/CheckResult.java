package io.aya.gslb.health;

import java.util.Objects;

/**
 * The outcome of one probe: success or failure, a short human-readable detail ({@code "HTTP 200"},
 * {@code "connection refused"}) and how long it took.
 */
record CheckResult(boolean ok, String detail, long latencyNanos) {
  CheckResult {
    Objects.requireNonNull(detail, "detail");
    if (latencyNanos < 0) {
      throw new IllegalArgumentException("latencyNanos: " + latencyNanos + " (expected: >= 0)");
    }
  }
}
