package io.aya.gslb.health;

/**
 * The rise/fall state machine of one endpoint as seen by this node. The state changes only after
 * {@code fall} consecutive failures (up to down) or {@code rise} consecutive successes (down to up); a
 * result of the other kind resets the streak, so a flapping endpoint keeps its state. The first result
 * decides alone (see {@link ColdStart}).
 *
 * <p>Not thread-safe: one endpoint's results are fed from one event loop.
 */
final class EndpointState {
  private final int rise;
  private final int fall;
  private boolean up;
  private boolean known;
  private int successes;
  private int failures;

  EndpointState(int rise, int fall, ColdStart coldStart) {
    if (rise < 1 || fall < 1) {
      throw new IllegalArgumentException("rise/fall: " + rise + "/" + fall + " (expected: >= 1)");
    }
    this.rise = rise;
    this.fall = fall;
    this.up = coldStart == ColdStart.ASSUME_UP;
  }

  /** Feeds one result; true when the state changed (including the first result deciding it). */
  boolean record(boolean ok) {
    if (!known) {
      known = true;
      boolean changed = up != ok;
      up = ok;
      successes = ok ? 1 : 0;
      failures = ok ? 0 : 1;
      return changed;
    }
    if (ok) {
      successes++;
      failures = 0;
      if (!up && successes >= rise) {
        up = true;
        return true;
      }
    } else {
      failures++;
      successes = 0;
      if (up && failures >= fall) {
        up = false;
        return true;
      }
    }
    return false;
  }

  boolean up() {
    return up;
  }

  /** False until the first result arrived. */
  boolean known() {
    return known;
  }
}
