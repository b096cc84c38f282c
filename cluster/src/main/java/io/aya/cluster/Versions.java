package io.aya.cluster;

/**
 * The one ordering every member applies to timestamped values, so that all copies converge to the same
 * value per key: the higher timestamp wins; on equal timestamps the deciding fields are compared so that
 * the choice does not depend on arrival order.
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
