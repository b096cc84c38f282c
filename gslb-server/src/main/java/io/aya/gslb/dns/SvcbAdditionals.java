package io.aya.gslb.dns;

import io.aya.gslb.policy.BalancedAnswer;
import io.aya.gslb.policy.BalancedResolver;
import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneNode;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SVCBBase;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The additional records of an SVCB or HTTPS answer (RFC 9460 §4.1), for targets in the zone: for an AliasMode
 * record the target's RRset of the same type and its A/AAAA, for a ServiceMode record the target's A/AAAA, where
 * the TargetName "." of a ServiceMode record is the owner (§2.5.2; an AliasMode "." means no service and adds
 * nothing). A balanced target's addresses come from its policy for this client, which makes the answer depend on
 * the client. They are optional data: {@link ResponseWriter} drops what does not fit without setting TC (RFC 2181
 * §9). Stateless and thread-safe.
 */
final class SvcbAdditionals {
  private final BalancedResolver balanced;

  SvcbAdditionals(BalancedResolver balanced) {
    this.balanced = balanced;
  }

  /**
   * Adds the additionals of {@code set}, answered at {@code node} under the name {@code owner} (a wildcard's node
   * when {@code owner} was synthesized from it).
   */
  void add(
      Zone zone,
      ZoneNode node,
      Name owner,
      RRset set,
      ZoneAnswerer.Client client,
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
        addIfAbsent(at.rrset(set.getType()), target, msg);
      }
      BalancedName bn = at.balanced();
      if (bn != null) {
        addBalanced(bn, Type.A, target, client, msg, out);
        addBalanced(bn, Type.AAAA, target, client, msg, out);
      } else {
        addIfAbsent(at.rrset(Type.A), target, msg);
        addIfAbsent(at.rrset(Type.AAAA), target, msg);
      }
    }
  }

  private void addBalanced(
      BalancedName bn, int type, Name target, ZoneAnswerer.Client client, Message msg, ZoneAnswerer.Outcome out) {
    if (msg.findRRset(target, type, Section.ADDITIONAL)) {
      return;
    }
    int prefix = client.sourcePrefix();
    BalancedAnswer answer = balanced.resolve(bn, type, client.address(), prefix);
    out.clientDependent = true;
    int scope = answer == null ? 0 : answer.scopePrefix();
    out.scopePrefix = Math.max(Math.max(0, out.scopePrefix), Math.min(scope, prefix));
    List<Record> records = answer == null ? List.of() : answer.records();
    for (int i = 0, n = records.size(); i < n; i++) {
      Record r = records.get(i);
      msg.addRecord(r.getName().equals(target) ? r : r.withName(target), Section.ADDITIONAL);
    }
  }

  private static void addIfAbsent(RRset set, Name name, Message msg) {
    if (set == null || msg.findRRset(name, set.getType(), Section.ADDITIONAL)) {
      return;
    }
    boolean rename = !set.getName().equals(name);
    List<Record> rrs = set.rrs(false);
    for (int i = 0, n = rrs.size(); i < n; i++) {
      Record r = rrs.get(i);
      msg.addRecord(rename ? r.withName(name) : r, Section.ADDITIONAL);
    }
  }
}
