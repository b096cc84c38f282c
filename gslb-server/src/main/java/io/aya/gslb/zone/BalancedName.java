package io.aya.gslb.zone;

import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * A name answered by the policy chain instead of static records: its pools (one per region), its
 * policy and, when {@code $FORWARD} names it, how it is forwarded ({@code forward}, else null). Immutable.
 */
public record BalancedName(Name name, List<Pool> pools, PolicySpec policy, ForwardSpec forward) {
  public BalancedName {
    Objects.requireNonNull(name, "name");
    pools = List.copyOf(pools);
    Objects.requireNonNull(policy, "policy");
  }

  /** A name answered with its pools' members (not forwarded). */
  public BalancedName(Name name, List<Pool> pools, PolicySpec policy) {
    this(name, pools, policy, null);
  }

  /** The same name forwarded at L4 by {@code $FORWARD} (null: answered with its pools' members). */
  public BalancedName withForward(ForwardSpec spec) {
    return new BalancedName(name, pools, policy, spec);
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
