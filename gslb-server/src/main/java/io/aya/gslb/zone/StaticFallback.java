package io.aya.gslb.zone;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Record;

/**
 * What a secondary serves for a balanced name, which it cannot balance (docs/delegation.md): the {@code
 * fallback=} addresses when the policy sets fixed ones, otherwise every member of every pool, as A and AAAA
 * records with the policy TTL. It depends on the zone file only, never on health, so one serial always
 * stands for one content. Stateless.
 */
public final class StaticFallback {
  private StaticFallback() {}

  /** The A and AAAA records of {@code name} that zone transfers carry, in zone order without duplicates. */
  public static List<Record> records(BalancedName name) {
    Set<InetAddress> addresses = new LinkedHashSet<>();
    if (name.policy().fallback() instanceof Fallback.Fixed fixed) {
      addresses.addAll(fixed.addresses());
    } else {
      for (Pool p : name.pools()) {
        for (PoolMember m : p.members()) {
          addresses.add(m.address());
        }
      }
    }
    long ttl = name.policy().ttl();
    List<Record> out = new ArrayList<>(addresses.size());
    for (InetAddress a : addresses) {
      out.add(a instanceof Inet4Address
          ? new ARecord(name.name(), DClass.IN, ttl, a)
          : new AAAARecord(name.name(), DClass.IN, ttl, a));
    }
    return out;
  }
}
