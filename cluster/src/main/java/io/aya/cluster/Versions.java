package io.aya.cluster;

/**
 * The one ordering every member applies to timestamped values, so that all copies converge to the same
 * value per key: the higher timestamp wins; on equal timestamps the deciding fields are compared so that
 * the choice does not depend on arrival order. For two distinct values of one key exactly one is newer
 * (a strict total order), so every copy settles on the same value whatever order the copies meet in.
 *
 * <p>Stateless and thread-safe.
 */
final class Versions {
  private Versions() {}

  /** True when {@code a} should replace {@code b}. */
  static boolean newer(Observation a, Observation b) {
    if (a.timestampMillis() != b.timestampMillis()) {
      return a.timestampMillis() > b.timestampMillis();
    }
    // Equal time: "down" wins so that a flapping endpoint is not reported up by accident.
    if (a.up() != b.up()) {
      return !a.up();
    }
    return a.detail().compareTo(b.detail()) > 0;
  }

  static boolean newer(LoadReport a, LoadReport b) {
    if (a.timestampMillis() != b.timestampMillis()) {
      return a.timestampMillis() > b.timestampMillis();
    }
    int byNode = a.node().compareTo(b.node());
    if (byNode != 0) {
      return byNode > 0;
    }
    return Double.compare(a.load(), b.load()) > 0;
  }

  static boolean newer(NetworkReport a, NetworkReport b) {
    if (a.timestampMillis() != b.timestampMillis()) {
      return a.timestampMillis() > b.timestampMillis();
    }
    int byNode = a.node().compareTo(b.node());
    if (byNode != 0) {
      return byNode > 0;
    }
    return a.toString().compareTo(b.toString()) > 0;
  }

  /**
   * The same order for two encoded values of one key as found in a replicated map (used when Hazelcast
   * merges the two sides of a healed partition): by the typed rules above when both decode as the same
   * shared type, else by the {@code timestampMillis} field and then by the text.
   */
  static boolean newerEncoded(String sealedA, String sealedB) {
    String a = ClusterSecret.body(sealedA);
    String b = ClusterSecret.body(sealedB);
    Observation oa = Codec.OBSERVATIONS.decode(a);
    Observation ob = oa == null ? null : Codec.OBSERVATIONS.decode(b);
    if (ob != null) {
      return newer(oa, ob);
    }
    LoadReport la = Codec.LOADS.decode(a);
    LoadReport lb = la == null ? null : Codec.LOADS.decode(b);
    if (lb != null) {
      return newer(la, lb);
    }
    OperatorOverride va = Codec.OVERRIDES.decode(a);
    OperatorOverride vb = va == null ? null : Codec.OVERRIDES.decode(b);
    if (vb != null) {
      return newer(va, vb);
    }
    long ta = Codec.timestampOf(a);
    long tb = Codec.timestampOf(b);
    if (ta != tb) {
      return ta > tb;
    }
    return sealedA.compareTo(sealedB) > 0;
  }

  static boolean newer(OperatorOverride a, OperatorOverride b) {
    if (a.timestampMillis() != b.timestampMillis()) {
      return a.timestampMillis() > b.timestampMillis();
    }
    // Equal time: the override in force wins (a drain is the safe side), then the node name decides.
    if (a.active() != b.active()) {
      return a.active();
    }
    return a.node().compareTo(b.node()) > 0;
  }
}
