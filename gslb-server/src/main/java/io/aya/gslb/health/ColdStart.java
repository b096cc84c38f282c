package io.aya.gslb.health;

/**
 * What an endpoint's state is before any check result exists (after a restart or when it first appears).
 *
 * <p>In both modes the <em>first</em> result alone decides the state (a failed first check takes the
 * endpoint down at once, a successful one brings it up at once): at start there is no history, and an
 * endpoint seen failing must never be answered merely because state was lost. From the second result on,
 * {@code rise}/{@code fall} hysteresis applies.
 */
public enum ColdStart {
  /** Answered until the first result says otherwise (fail-open: a restart never empties an answer). */
  ASSUME_UP,
  /** Not answered until a first result says it is up (fail-closed). */
  WAIT_FIRST_ROUND
}
