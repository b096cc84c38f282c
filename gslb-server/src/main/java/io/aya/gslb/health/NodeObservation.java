package io.aya.gslb.health;

import java.util.Objects;

/**
 * One member's latest verdict on an endpoint, as used in a {@link HealthSnapshot}.
 *
 * @param live the observer is a live cluster member now
 * @param fresh the observation is younger than the configured number of check intervals
 * @param counted it took part in the quorum ({@code live && fresh})
 */
public record NodeObservation(String node, boolean up, long timestampMillis, String detail, boolean live,
    boolean fresh, boolean counted) {
  public NodeObservation {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(detail, "detail");
  }
}
