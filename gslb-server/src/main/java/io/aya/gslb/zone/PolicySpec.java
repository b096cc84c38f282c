package io.aya.gslb.zone;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a balanced name is balanced, from {@code $POLICY name word...}. Default when absent:
 * {@code geo capacity fallback=all answers=1}.
 *
 * @param geo rank regions by great-circle distance from the client
 * @param priority ordered failover list of region names (empty when not set); when set, regions are ranked by it
 * @param capacity shed load from regions near their capacity to the next best
 * @param weighted split traffic by member/region weights
 * @param geofence country (ISO 3166 alpha-2, upper case) or continent codes (AF AN AS EU NA OC SA) allowed;
 *     empty means no fence
 * @param answers how many addresses to answer (>= 1)
 * @param ttl TTL of the answers in seconds
 */
public record PolicySpec(
    boolean geo,
    List<String> priority,
    boolean capacity,
    boolean weighted,
    Set<String> geofence,
    int answers,
    Fallback fallback,
    long ttl) {
  public static final long DEFAULT_TTL = 30;
  public static final PolicySpec DEFAULT =
      new PolicySpec(true, List.of(), true, false, Set.of(), 1, Fallback.ALL, DEFAULT_TTL);

  public PolicySpec {
    priority = List.copyOf(priority);
    geofence = Set.copyOf(geofence);
    Objects.requireNonNull(fallback, "fallback");
    if (answers < 1) {
      throw new IllegalArgumentException("answers: " + answers + " (expected: >= 1)");
    }
    if (ttl < 0 || ttl > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: 0..2147483647)");
    }
  }

  /** This policy with answers of {@code ttl} seconds. */
  public PolicySpec withTtl(long ttl) {
    return new PolicySpec(geo, priority, capacity, weighted, geofence, answers, fallback, ttl);
  }
}
