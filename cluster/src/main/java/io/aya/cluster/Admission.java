package io.aya.cluster;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which values read from the replicated maps a node takes: only authentic ones (sealed under the
 * cluster secret, see {@link ClusterSecret}) that are not stamped further ahead of this node's clock than
 * the allowed skew, so that neither a process without the secret nor a value dated in the far future (which
 * would win every last-writer-wins merge for years) can steer the cluster. Refusals are counted for the
 * metrics; the node then writes its own value of the key back (see {@link Mirror.Outcome#REFUSED}).
 *
 * <p>Thread-safe.
 */
final class Admission {
  /** Plain JSON and no skew bound: for tests of the mirror alone. */
  static final Admission OPEN = new Admission(ClusterSecret.NONE, Clock.systemUTC(), Long.MAX_VALUE / 4);

  private final ClusterSecret secret;
  private final Clock clock;
  private final long maxSkewMillis;
  private final AtomicLong unauthentic = new AtomicLong();
  private final AtomicLong future = new AtomicLong();

  Admission(ClusterSecret secret, Clock clock, long maxSkewMillis) {
    this.secret = Objects.requireNonNull(secret, "secret");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxSkewMillis = maxSkewMillis;
  }

  String seal(String map, String key, String json) {
    return secret.seal(map, key, json);
  }

  /** The JSON of an authentic stored value, else {@code null} (counted). */
  String open(String map, String key, String text) {
    String json = secret.open(map, key, text);
    if (json == null) {
      unauthentic.incrementAndGet();
    }
    return json;
  }

  /** True unless {@code timestampMillis} lies more than the allowed skew ahead of this node's clock (counted). */
  boolean timely(long timestampMillis) {
    if (timestampMillis - clock.millis() > maxSkewMillis) {
      future.incrementAndGet();
      return false;
    }
    return true;
  }

  long nowMillis() {
    return clock.millis();
  }

  long maxSkewMillis() {
    return maxSkewMillis;
  }

  /** Values refused because their seal was missing or wrong. */
  long unauthenticCount() {
    return unauthentic.get();
  }

  /** Values refused because they were stamped too far in the future. */
  long futureCount() {
    return future.get();
  }
}
