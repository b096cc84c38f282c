package io.aya.gslb.dns;

import static io.aya.gslb.dns.SectionWriter.addNegativeSoa;
import static io.aya.gslb.dns.SectionWriter.addRRset;
import static io.aya.gslb.dns.SectionWriter.addTargetAddresses;
import static io.aya.gslb.dns.SectionWriter.negativeTtl;

import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.NameLookup;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneNode;
import io.aya.gslb.zone.ZoneSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.HINFORecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The authoritative answer algorithm of RFC 1034 §4.3.2 over one {@link ZoneSet} snapshot: referrals at zone
 * cuts (with in-bailiwick glue), exact matches, CNAME chains inside the zone, DNAME redirection (RFC 6672 §3.2, with
 * {@link DnameSynthesis}), wildcards (RFC 4592), NXDOMAIN and
 * NODATA with the SOA for negative caching (RFC 2308 §3), minimal ANY (RFC 8482), balanced names, and the
 * additional records of SVCB/HTTPS answers ({@link SvcbAdditionals}, RFC 9460 §4.1). How the static records go
 * into the sections: {@link SectionWriter}.
 *
 * <p>Only static records go into the message: where a balanced name answers, the {@link Outcome} names the
 * {@link BalancedRrset} instead, and {@link BalancedResponder} resolves and encodes it for each query. So the
 * result depends on the snapshot and the question only, and is rendered once per snapshot and question.
 *
 * <p>ANY is answered with one RRset: the one with the lowest type number at the name (with the in-zone addresses
 * of its targets when it is NS, MX or SRV, as for those types); a balanced name without
 * static records answers a synthesized {@code HINFO "RFC8482" ""} (RFC 8482 §4.2) with the negative TTL, so no
 * policy runs for ANY. Stateless and thread-safe.
 */
final class ZoneAnswerer {
  static final int MAX_CNAME_CHAIN = 12;

  private final SvcbAdditionals svcb = new SvcbAdditionals();

  /** What the answer came to, besides the records written into the message. */
  static final class Outcome {
    int rcode;
    boolean authoritative;
    /** Number of glue records a referral needs in the additional section (RFC 9471: TC if they do not fit). */
    int glue;
    /** CNAMEs followed before the final answer. */
    int cnames;
    /** The balanced RRset that ends the answer section (A/AAAA of a balanced name), or null. */
    BalancedRrset balanced;
    /** Balanced RRsets of the additional section (SVCB/HTTPS targets), or null when there are none. */
    List<BalancedRrset> additional;
    /** The zone that answered (null when REFUSED). */
    Zone zone;

    /** Adds a balanced additional RRset unless the same name and type is there already. */
    void addAdditional(BalancedName name, int type, Name owner) {
      if (additional == null) {
        additional = new ArrayList<>(2);
      }
      for (BalancedRrset r : additional) {
        if (r.type() == type && r.owner().equals(owner)) {
          return;
        }
      }
      additional.add(new BalancedRrset(name, type, owner));
    }
  }

  /**
   * Answers {@code qname}/{@code qtype} into the answer, authority and additional sections of {@code msg}.
   * The question is not added here.
   */
  void answer(ZoneSet zones, Name qname, int qtype, Message msg, Outcome out) {
    Zone zone = zones.findZone(qname);
    if (zone == null) {
      out.rcode = Rcode.REFUSED;
      return;
    }
    if (qtype == Type.DS && qname.equals(zone.origin()) && qname.labels() > 1) {
      // RFC 4035 §3.1.4.1: DS lives on the parent side of a cut; answer from the parent when we serve it
      Zone parent = zones.findZone(new Name(qname, 1));
      ZoneNode cut = parent == null ? null : parent.node(qname);
      if (cut != null && cut.isDelegation()) {
        zone = parent;
      }
    }
    out.rcode = Rcode.NOERROR;
    out.authoritative = true;
    out.zone = zone;
    Name name = qname;
    Name[] seen = null;
    for (int chain = 0; ; chain++) {
      NameLookup found = zone.lookup(name);
      ZoneNode cut = found.cut();
      if (cut != null && !(cut == found.exact() && qtype == Type.DS)) {
        refer(zone, cut, msg, out, chain == 0);
        return;
      }
      Name next;
      ZoneNode redirect = found.redirect();
      if (redirect != null) {
        next = DnameSynthesis.redirect(redirect.dname(), name, msg);
        if (next == null) {
          out.rcode = Rcode.YXDOMAIN;
          return;
        }
        if (!next.subdomain(zone.origin())) {
          return;
        }
      } else {
        ZoneNode node = found.node();
        if (node == null) {
          out.rcode = Rcode.NXDOMAIN;
          addNegativeSoa(zone, msg);
          return;
        }
        next = answerAt(zone, node, name, found.synthesized(), qtype, msg, out);
        if (next == null) {
          return;
        }
      }
      // a CNAME (or a DNAME's synthesized CNAME) into this zone: follow it, unless it loops or runs too long
      if (chain + 1 >= MAX_CNAME_CHAIN) {
        return;
      }
      if (seen == null) {
        seen = new Name[MAX_CNAME_CHAIN];
      }
      seen[chain] = name;
      for (int i = 0; i <= chain; i++) {
        if (seen[i].equals(next)) {
          return;
        }
      }
      name = next;
      out.cnames++;
    }
  }

  /**
   * Answers at an existing (or wildcard) node. Returns the CNAME target to continue with when it lies inside
   * the zone, else null.
   */
  private Name answerAt(Zone zone, ZoneNode node, Name owner, boolean synthesized, int qtype, Message msg,
      Outcome out) {
    BalancedName bn = node.balanced();
    if (qtype == Type.ANY) {
      answerAny(zone, node, owner, msg);
      return null;
    }
    if (bn != null && (qtype == Type.A || qtype == Type.AAAA)) {
      out.balanced = new BalancedRrset(bn, qtype, owner);
      return null;
    }
    RRset set = node.rrset(qtype);
    if (set != null) {
      addRRset(set, owner, synthesized, msg, Section.ANSWER);
      if (qtype == Type.MX || qtype == Type.SRV || qtype == Type.NS) {
        addTargetAddresses(zone, set, msg);
      } else if (qtype == Type.SVCB || qtype == Type.HTTPS) {
        svcb.add(zone, node, owner, set, msg, out);
      }
      return null;
    }
    RRset cname = node.rrset(Type.CNAME);
    // RRSIG and NSEC may sit beside a CNAME (RFC 4035 §2.5): a query for them is about this name, not its target
    if (cname != null && qtype != Type.RRSIG && qtype != Type.NSEC) {
      addRRset(cname, owner, synthesized, msg, Section.ANSWER);
      Name target = ((CNAMERecord) cname.first()).getTarget();
      return target.subdomain(zone.origin()) ? target : null;
    }
    addNegativeSoa(zone, msg);
    return null;
  }

  private void answerAny(Zone zone, ZoneNode node, Name owner, Message msg) {
    Map<Integer, RRset> sets = node.rrsets();
    RRset chosen = null;
    for (RRset s : sets.values()) {
      if (chosen == null || s.getType() < chosen.getType()) {
        chosen = s;
      }
    }
    if (chosen != null) {
      addRRset(chosen, owner, !chosen.getName().equals(owner), msg, Section.ANSWER);
      int type = chosen.getType();
      if (type == Type.MX || type == Type.SRV || type == Type.NS) {
        addTargetAddresses(zone, chosen, msg);
      }
    } else if (node.balanced() != null) {
      msg.addRecord(new HINFORecord(owner, DClass.IN, negativeTtl(zone.soa()), "RFC8482", ""), Section.ANSWER);
    } else {
      addNegativeSoa(zone, msg);
    }
  }

  private void refer(Zone zone, ZoneNode cut, Message msg, Outcome out, boolean first) {
    if (first) {
      out.authoritative = false;
    }
    RRset ns = cut.rrset(Type.NS);
    addRRset(ns, cut.name(), false, msg, Section.AUTHORITY);
    out.glue = addTargetAddresses(zone, ns, msg);
  }
}
