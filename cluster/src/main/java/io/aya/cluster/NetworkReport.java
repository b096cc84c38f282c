package io.aya.cluster;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one node saw of the client networks, for the placement planner of every member: the answers it gave
 * per region and client network (decayed counts, the planner's demand estimate for a region whose load report
 * has no breakdown) and the medians of the RTT samples pushed to it ({@code POST /api/v1/rtt}). Keyed by node:
 * each node writes its own, newer timestamps win, and every member sums the fresh reports of all nodes, so all
 * plan from the same cluster-wide figures.
 *
 * @param answers region → network CIDR → answers (decayed count)
 * @param rtt network CIDR → region → median of the node's fresh samples
 */
public record NetworkReport(String node, long timestampMillis, Map<String, Map<String, Double>> answers,
    Map<String, Map<String, RttMedian>> rtt) {
  public NetworkReport {
    Objects.requireNonNull(node, "node");
    answers = copy(answers);
    rtt = copy(rtt);
  }

  /** A median of {@code samples} RTT samples, in ms. */
  public record RttMedian(double ms, int samples) {
    public RttMedian {
      if (!(ms >= 0) || Double.isInfinite(ms)) {
        throw new IllegalArgumentException("ms: " + ms + " (expected: >= 0)");
      }
      if (samples < 1) {
        throw new IllegalArgumentException("samples: " + samples + " (expected: >= 1)");
      }
    }
  }

  /** Sorted, unmodifiable two-level copy (null: empty), so that equal reports print and compare alike. */
  private static <V> Map<String, Map<String, V>> copy(Map<String, Map<String, V>> in) {
    Map<String, Map<String, V>> out = new TreeMap<>();
    if (in != null) {
      in.forEach((k, v) -> out.put(k, java.util.Collections.unmodifiableMap(new TreeMap<>(v))));
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
