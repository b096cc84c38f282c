package io.aya.gslb.dns;

import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneNode;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SVCBBase;
import org.xbill.DNS.Type;

/**
 * The additional records of an SVCB or HTTPS answer (RFC 9460 §4.1), for targets in the zone: for an AliasMode
 * record the target's RRset of the same type and its A/AAAA, for a ServiceMode record the target's A/AAAA, where
 * the TargetName "." of a ServiceMode record is the owner (§2.5.2; an AliasMode "." means no service and adds
 * nothing). A balanced target's addresses come from its policy for each query: they are named in the
 * {@link ZoneAnswerer.Outcome} as {@link BalancedRrset}s, not added here. They are optional data: what does not
 * fit is dropped without setting TC (RFC 2181 §9). Stateless and thread-safe.
 */
final class SvcbAdditionals {

  /**
   * Adds the additionals of {@code set}, answered at {@code node} under the name {@code owner} (a wildcard's node
   * when {@code owner} was synthesized from it).
   */
  void add(
      Zone zone,
      ZoneNode node,
      Name owner,
      RRset set,
      Message msg,
      ZoneAnswerer.Outcome out) {
    List<Record> rrs = set.rrs(false);
    for (int i = 0, n = rrs.size(); i < n; i++) {
      if (!(rrs.get(i) instanceof SVCBBase)) {
        continue;
      }
      SVCBBase r = (SVCBBase) rrs.get(i);
      boolean alias = r.getSvcPriority() == 0;
      Name target = r.getTargetName();
      boolean self = target.equals(Name.root);
      if (self) {
        if (alias) {
          continue;
        }
        target = owner;
      }
      if (!target.subdomain(zone.origin())) {
        continue;
      }
      ZoneNode at = self ? node : zone.node(target);
      if (at == null) {
        continue;
      }
      if (alias) {
        SectionWriter.addAdditionalIfAbsent(at.rrset(set.getType()), target, msg);
      }
      if (at.balanced() != null) {
        out.addAdditional(at.balanced(), Type.A, target);
        out.addAdditional(at.balanced(), Type.AAAA, target);
      } else {
        SectionWriter.addAdditionalIfAbsent(at.rrset(Type.A), target, msg);
        SectionWriter.addAdditionalIfAbsent(at.rrset(Type.AAAA), target, msg);
      }
    }
  }
}
