package io.aya.cluster;

import java.util.Objects;

/**
 * One node's latest health-check verdict for one endpoint. Keyed by (endpoint, node); newer timestamps win.
 *
 * @param endpoint endpoint key, e.g. {@code example.com/web@192.0.2.10}
 * @param node name of the observing node
 * @param up the node's rise/fall-filtered verdict
 * @param timestampMillis wall-clock time of the verdict (epoch millis)
 * @param detail last check result in words (e.g. {@code "HTTP 503"}, {@code "connect timeout"})
 */
public record Observation(String endpoint, String node, boolean up, long timestampMillis, String detail)
    implements java.io.Serializable {
  public Observation {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(node, "node");
    detail = detail == null ? "" : detail;
  }

  public String key() {
    return key(endpoint, node);
  }

  /** The shared-state key of {@code node}'s observation of {@code endpoint}. */
  public static String key(String endpoint, String node) {
    return endpoint + "|" + node;
  }
}
