package io.aya.gslb.forward;

import io.aya.gslb.health.HealthView;
import io.aya.gslb.zone.ForwardSpec;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where one listener forwards: the forwarded name, its {@code $FORWARD} spec, this node's region's pool and
 * the other regions' pools for {@code fallback=next-region}. Immutable; a listener swaps it on zone reloads.
 *
 * @param name the forwarded name, for the admin API and metrics
 * @param local the pool of this node's region
 * @param others the other regions' pools by region name
 * @param regionOrder the regions the name's policy would choose for a client, best first
 */
record ForwardRoute(
    String name, ForwardSpec spec, MemberPool local, Map<String, MemberPool> others, RegionOrder regionOrder) {

  ForwardRoute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(local, "local");
    others = Map.copyOf(others);
    Objects.requireNonNull(regionOrder, "regionOrder");
  }

  /** The regions a name's policy would choose for a client now, best first (healthy regions only). */
  @FunctionalInterface
  interface RegionOrder {
    List<String> regions(InetAddress client);

    RegionOrder NONE = client -> List.of();
  }

  /** A chosen member and whether it came from another region's pool. */
  record Choice(ForwardMember member, boolean fallback) {}

  /**
   * The member a new connection from {@code client} goes to: one of the local pool's, else (with
   * {@code fallback=next-region}) one of the first region in the policy's order for this client whose pool can
   * take it; null when none can (the connection is refused).
   */
  Choice choose(HealthView view, InetAddress client, ForwardMember exclude, long nowMillis, ForwardSettings s) {
    ForwardMember m = local.choose(view, client, exclude, nowMillis, s);
    if (m != null) {
      return new Choice(m, false);
    }
    if (spec.fallback() != ForwardSpec.FallbackMode.NEXT_REGION) {
      return null;
    }
    for (String region : regionOrder.regions(client)) {
      MemberPool p = others.get(region);
      if (p == null) {
        continue;
      }
      m = p.choose(view, client, exclude, nowMillis, s);
      if (m != null) {
        return new Choice(m, true);
      }
    }
    return null;
  }
}
