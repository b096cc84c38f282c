package io.aya.cluster;

import java.util.Map;
import java.util.Objects;

/**
 * A load report for a region in the region's capacity units, as pushed to a node or probed by it.
 * Keyed by region; newer timestamps win.
 *
 * @param networks the load broken down by client network (CIDR → load in the same units; may cover less
 *     than {@code load}), empty when the report has no breakdown; the placement planner's demand input
 */
public record LoadReport(String region, String node, double load, long timestampMillis, Map<String, Double> networks)
    implements java.io.Serializable {
  public LoadReport(String region, String node, double load, long timestampMillis) {
    this(region, node, load, timestampMillis, Map.of());
  }

  public LoadReport {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(node, "node");
    if (!(load >= 0)) {
      throw new IllegalArgumentException("load: " + load + " (expected: >= 0)");
    }
    // a report from a member that predates the field decodes with null
    networks = networks == null ? Map.of() : Map.copyOf(networks);
  }
}
