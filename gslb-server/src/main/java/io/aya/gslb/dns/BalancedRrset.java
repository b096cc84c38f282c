package io.aya.gslb.dns;

import io.aya.gslb.zone.BalancedName;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * An RRset of a response that a balanced name's policy fills for each query: decided by {@link ZoneAnswerer}
 * once per snapshot and question, resolved and encoded per query by {@link BalancedResponder}.
 *
 * @param name the balanced name whose policy chooses the records (they are owned by {@code name.name()})
 * @param type {@code Type.A} or {@code Type.AAAA}
 * @param owner the name the records go under in the response: the query name (also for a wildcard, RFC 4592
 *     §3.3), a CNAME's target, or an SVCB target (RFC 9460 §4.1)
 */
record BalancedRrset(BalancedName name, int type, Name owner) {
  BalancedRrset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
  }
}
