package io.aya.cluster;

import java.util.Objects;

/**
 * A load report for a region in the region's capacity units, as pushed to a node or probed by it.
 * Keyed by region; newer timestamps win.
 */
public record LoadReport(String region, String node, double load, long timestampMillis)
    implements java.io.Serializable {
  public LoadReport {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(node, "node");
    if (!(load >= 0)) {
      throw new IllegalArgumentException("load: " + load + " (expected: >= 0)");
    }
  }
}
