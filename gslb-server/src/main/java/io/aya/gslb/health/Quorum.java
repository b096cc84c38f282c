package io.aya.gslb.health;

/**
 * How the observations of several live members combine into the cluster's verdict on one endpoint. Only
 * fresh observations of live members count; with none, the {@link ColdStart} rule applies.
 */
public enum Quorum {
  /** Down when any observer says down (one broken path fails the endpoint for everyone). */
  ANY,
  /** Down when more than half of the observers say down; a tie stays up. */
  MAJORITY,
  /** Down only when every observer says down. */
  ALL;

  /** The verdict for {@code down} "down" votes out of {@code observers} (> 0). */
  boolean down(int down, int observers) {
    switch (this) {
      case ANY:
        return down > 0;
      case ALL:
        return down == observers;
      default:
        return 2 * down > observers;
    }
  }
}
