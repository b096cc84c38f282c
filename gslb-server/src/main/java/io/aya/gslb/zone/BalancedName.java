package io.aya.gslb.zone;

import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * A name answered by the policy chain instead of static records: its pools (one per region) and its
 * policy. Immutable.
 */
public record BalancedName(Name name, List<Pool> pools, PolicySpec policy) {
  public BalancedName {
    Objects.requireNonNull(name, "name");
    pools = List.copyOf(pools);
    Objects.requireNonNull(policy, "policy");
  }

  public boolean hasIpv4() {
    for (Pool p : pools) {
      for (PoolMember m : p.members()) {
        if (m.isIpv4()) {
          return true;
        }
      }
    }
    return false;
  }

  public boolean hasIpv6() {
    for (Pool p : pools) {
      for (PoolMember m : p.members()) {
        if (!m.isIpv4()) {
          return true;
        }
      }
    }
    return false;
  }
}
