package io.aya.gslb.policy;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The forward addresses of the live AYA nodes, by region, as the cluster's membership tells them
 * ({@code --region}, {@code --forward-address}). Forwarded names ({@code $FORWARD}) are answered with these
 * instead of their pools' members. Immutable; published to the answer path by swapping the reference.
 */
public final class ForwardNodes {
  public static final ForwardNodes NONE = new ForwardNodes(Map.of());

  private final Map<String, List<InetAddress>> byRegion;

  /** @param byRegion each region's forward addresses, in a stable order (by node name) */
  public ForwardNodes(Map<String, List<InetAddress>> byRegion) {
    Map<String, List<InetAddress>> copy = new HashMap<>();
    byRegion.forEach((r, as) -> copy.put(r, List.copyOf(as)));
    this.byRegion = Map.copyOf(copy);
  }

  /** The region's forward addresses (empty when no live node forwards there). */
  public List<InetAddress> addresses(String region) {
    List<InetAddress> as = byRegion.get(region);
    return as == null ? List.of() : as;
  }

  public Map<String, List<InetAddress>> byRegion() {
    return byRegion;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ForwardNodes f && f.byRegion.equals(byRegion);
  }

  @Override
  public int hashCode() {
    return byRegion.hashCode();
  }

  @Override
  public String toString() {
    return byRegion.toString();
  }
}
