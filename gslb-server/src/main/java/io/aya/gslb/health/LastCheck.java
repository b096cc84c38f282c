package io.aya.gslb.health;

import java.util.Objects;

/**
 * The newest probe of one endpoint by this node, whether or not it changed the verdict (unchanged verdicts
 * are re-published to the cluster only every few checks, so an observation's time can lag the last check).
 *
 * @param ok whether the probe succeeded
 * @param detail the result in words ({@code "HTTP 200"}, {@code "connection refused"})
 * @param timeMillis when the result arrived (epoch millis)
 * @param latencyNanos how long the probe took
 */
public record LastCheck(boolean ok, String detail, long timeMillis, long latencyNanos) {
  public LastCheck {
    Objects.requireNonNull(detail, "detail");
  }
}
