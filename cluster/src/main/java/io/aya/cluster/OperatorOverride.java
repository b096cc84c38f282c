package io.aya.cluster;

import java.util.Objects;

/**
 * An operator's override, cluster-wide. Keyed by (kind, target); the newest timestamp wins on merge, so an
 * {@code active=false} entry (an undrain) beats an older drain of the same target.
 *
 * @param target a region name or an endpoint key; may be a glob ({@code eu-*}, {@code *@192.0.2.10})
 */
public record OperatorOverride(Kind kind, String target, boolean active, long timestampMillis, String node)
    implements java.io.Serializable {

  /** What the override does. */
  public enum Kind {
    /** A region gets no new answers. */
    DRAIN,
    /** An endpoint is answered whatever its checks say. */
    FORCE_UP,
    /** An endpoint is never answered. */
    FORCE_DOWN
  }

  public OperatorOverride {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(node, "node");
  }

  public String key() {
    return kind + "|" + target;
  }
}
