package io.aya.gslb.dnssec;

import io.aya.gslb.zone.StaticFallback;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One served version of a signed zone as a conventional signed zone file (RFC 4035 §2): every static RRset with
 * the RRSIGs it is served with, the apex keys, the balanced names' static fallbacks (signed as well), and an NSEC
 * chain over the authoritative names in canonical order (RFC 4034 §6.1), signed now. Answers use compact denial
 * instead of this chain; the file exists so that the signatures can be checked offline ({@code dnssec-verify},
 * {@code ldns-verify-zone}) or loaded by a secondary that serves the zone signed. Stateless.
 */
public final class SignedZoneFile {
  private SignedZoneFile() {}

  /** The zone's records in canonical name order, SOA first, as master-file text. */
  public static String text(SignedZone sz) {
    StringBuilder b = new StringBuilder();
    for (Record r : records(sz)) {
      b.append(r).append('\n');
    }
    return b.toString();
  }

  static List<Record> records(SignedZone sz) {
    Zone zone = sz.zone();
    TreeMap<Name, List<RRset>> names = new TreeMap<>();
    for (ZoneNode node : zone.nodes()) {
      if (node.isEmpty()) {
        continue;
      }
      List<RRset> sets = new ArrayList<>(node.rrsets().values());
      if (node.balanced() != null) {
        RRset a = new RRset();
        RRset aaaa = new RRset();
        for (Record r : StaticFallback.records(node.balanced())) {
          (r.getType() == Type.A ? a : aaaa).addRR(r);
        }
        for (RRset s : new RRset[] {a, aaaa}) {
          if (s.size() > 0) {
            sets.add(s);
          }
        }
      }
      names.put(node.name(), sets);
    }
    List<Name> chain = new ArrayList<>();
    for (Map.Entry<Name, List<RRset>> e : names.entrySet()) {
      if (!SignedZone.below(e.getKey(), zone)) {
        chain.add(e.getKey());
      }
    }
    List<Record> out = new ArrayList<>();
    addSigned(out, sz, zone.rrset(zone.origin(), Type.SOA), true);
    for (Map.Entry<Name, List<RRset>> e : names.entrySet()) {
      Name name = e.getKey();
      boolean glue = SignedZone.below(name, zone);
      ZoneNode node = zone.node(name);
      List<Integer> types = new ArrayList<>();
      for (RRset set : e.getValue()) {
        types.add(set.getType());
        if (set.getType() == Type.SOA) {
          continue;
        }
        boolean signed = !glue && !(node.isDelegation() && set.getType() != Type.DS);
        addSigned(out, sz, set, signed);
      }
      int at = chain.indexOf(name);
      if (at >= 0) {
        Name next = chain.get((at + 1) % chain.size());
        int[] bitmap = new int[types.size() + 2];
        for (int i = 0; i < types.size(); i++) {
          bitmap[i] = types.get(i);
        }
        bitmap[types.size()] = Type.RRSIG;
        bitmap[types.size() + 1] = Type.NSEC;
        addSigned(out, sz, new RRset(new NSECRecord(name, zone.soa().getDClass(), sz.negativeTtl(), next, bitmap)),
            true);
      }
    }
    return out;
  }

  private static void addSigned(List<Record> out, SignedZone sz, RRset set, boolean sign) {
    out.addAll(set.rrs(false));
    if (sign) {
      for (RRSIGRecord s : sz.signatures(set)) {
        out.add(s);
      }
    }
  }
}
