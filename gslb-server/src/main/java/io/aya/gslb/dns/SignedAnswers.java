package io.aya.gslb.dns;

import io.aya.gslb.dnssec.SignedZone;
import io.aya.gslb.zone.NameLookup;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneNode;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Adds DNSSEC to an answer that {@link ZoneAnswerer} wrote for a query with DO set (RFC 4035 §3.1): an RRSIG
 * after every authoritative RRset of the answer and authority sections, and of the additional section outside
 * referrals (§3.1.1: in-zone addresses of MX, SRV, NS and SVCB/HTTPS targets; glue is not signed; an additional
 * RRset that does not fit is dropped together with its RRSIGs, never sent without them), DS (signed) or an NSEC
 * without DS at a referral (§3.1.4), and compact denial of existence (RFC 9824): NXDOMAIN becomes NOERROR with an
 * NSEC for the name whose bitmap holds NXNAME; NODATA gets an NSEC listing the types that do exist. Wildcard
 * expansions are signed as the query name (online signing needs no wildcard proof). Stateless and thread-safe.
 */
final class SignedAnswers {
  /** RFC 9824 §2: the NXNAME pseudo-type in the NSEC bitmap of a name that does not exist. */
  static final int NXNAME = 128;

  private SignedAnswers() {}

  /** Signs what {@code msg} holds for {@code qname}, a name in the signed zone {@code sz}. */
  static void sign(Message msg, ZoneAnswerer.Outcome out, SignedZone sz, Name qname, int qtype) {
    Zone zone = sz.zone();
    List<RRset> answer = msg.getSectionRRsets(Section.ANSWER);
    List<RRset> authority = msg.getSectionRRsets(Section.AUTHORITY);
    msg.removeAllRecords(Section.ANSWER);
    msg.removeAllRecords(Section.AUTHORITY);
    if (out.glue == 0) {
      // a referral's additionals stay as they are: RFC 9471 counts its glue records (ResponseWriter#truncated)
      signAdditional(msg, sz);
    }
    Name last = qname;
    boolean answered = false;
    for (RRset set : answer) {
      add(msg, set, Section.ANSWER);
      addSignatures(msg, sz, set, Section.ANSWER);
      if (set.getName().equals(last) && set.getType() == Type.CNAME && qtype != Type.CNAME) {
        last = ((CNAMERecord) set.first()).getTarget();
      } else if (set.getName().equals(last)) {
        answered = true;
      }
    }
    boolean negative = false;
    for (RRset set : authority) {
      add(msg, set, Section.AUTHORITY);
      if (set.getType() == Type.NS && !set.getName().equals(zone.origin())) {
        // a referral: the NS set is the child's, unsigned; DS or its absence is proven (RFC 4035 §3.1.4)
        referral(msg, sz, set.getName());
        continue;
      }
      if (set.getType() == Type.SOA) {
        negative = true;
      }
      addSignatures(msg, sz, set, Section.AUTHORITY);
    }
    if (!negative || answered || !last.subdomain(zone.origin())) {
      return;
    }
    if (out.rcode == Rcode.NXDOMAIN) {
      out.rcode = Rcode.NOERROR;
      msg.getHeader().setRcode(Rcode.NOERROR);
      addProof(msg, sz, last, new int[] {NXNAME});
    } else {
      addProof(msg, sz, last, typesAt(zone, last, qtype));
    }
  }

  /**
   * Adds the signed NODATA proof of a balanced RRset that came out empty: the negative SOA and an NSEC for
   * {@code owner} without {@code type}, each with its RRSIG.
   */
  static void addNoData(Message msg, SignedZone sz, Name owner, int type) {
    SectionWriter.addNegativeSoa(sz.zone(), msg);
    RRset soa = msg.getSectionRRsets(Section.AUTHORITY).get(0);
    addSignatures(msg, sz, soa, Section.AUTHORITY);
    addProof(msg, sz, owner, typesAt(sz.zone(), owner, type));
  }

  /**
   * True when {@code name} is authoritative data of the zone, so that its RRsets are signed: in the zone and not
   * at or below a delegation (RFC 4035 §2.2: glue and occluded names are not signed).
   */
  static boolean authoritative(Zone zone, Name name) {
    return name.subdomain(zone.origin()) && zone.lookup(name).cut() == null;
  }

  /** Re-adds the additional section with an RRSIG after each authoritative RRset, so that each drops as a whole. */
  private static void signAdditional(Message msg, SignedZone sz) {
    List<RRset> additional = msg.getSectionRRsets(Section.ADDITIONAL);
    if (additional.isEmpty()) {
      return;
    }
    msg.removeAllRecords(Section.ADDITIONAL);
    for (RRset set : additional) {
      add(msg, set, Section.ADDITIONAL);
      if (authoritative(sz.zone(), set.getName())) {
        addSignatures(msg, sz, set, Section.ADDITIONAL);
      }
    }
  }

  private static void referral(Message msg, SignedZone sz, Name cut) {
    RRset ds = sz.zone().rrset(cut, Type.DS);
    if (ds != null) {
      add(msg, ds, Section.AUTHORITY);
      addSignatures(msg, sz, ds, Section.AUTHORITY);
    } else {
      addProof(msg, sz, cut, typesAt(sz.zone(), cut, Type.DS));
    }
  }

  /** The types that exist at {@code name} (through a wildcard too) for a NODATA NSEC bitmap, without {@code qtype}. */
  private static int[] typesAt(Zone zone, Name name, int qtype) {
    NameLookup found = zone.lookup(name);
    ZoneNode node = found.cut() != null && found.exact() == found.cut() ? found.cut() : found.node();
    List<Integer> types = new ArrayList<>();
    if (node != null) {
      for (Integer t : node.rrsets().keySet()) {
        if (t != qtype && t != Type.RRSIG && t != Type.NSEC) {
          types.add(t);
        }
      }
      if (node.balanced() != null) {
        for (int t : new int[] {Type.A, Type.AAAA}) {
          if (t != qtype && !types.contains(t)) {
            types.add(t);
          }
        }
      }
    }
    int[] out = new int[types.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = types.get(i);
    }
    return out;
  }

  private static void addProof(Message msg, SignedZone sz, Name name, int[] types) {
    RRset nsec = new RRset(sz.nsec(name, types));
    add(msg, nsec, Section.AUTHORITY);
    addSignatures(msg, sz, nsec, Section.AUTHORITY);
  }

  private static void add(Message msg, RRset set, int section) {
    for (Record r : set.rrs(false)) {
      msg.addRecord(r, section);
    }
  }

  private static void addSignatures(Message msg, SignedZone sz, RRset set, int section) {
    if (set.getType() == Type.RRSIG || set.getType() == Type.OPT) {
      return;
    }
    for (RRSIGRecord sig : sz.signatures(set)) {
      msg.addRecord(set.getTTL() == sig.getTTL() ? sig : withTtl(sig, set.getTTL()), section);
    }
  }

  /** RFC 4035 §3.1.1 / §2.2: an RRSIG goes out with the TTL of the RRset it covers. */
  private static RRSIGRecord withTtl(RRSIGRecord s, long ttl) {
    return new RRSIGRecord(s.getName(), s.getDClass(), ttl, s.getTypeCovered(), s.getAlgorithm(), s.getOrigTTL(),
        s.getExpire(), s.getTimeSigned(), s.getFootprint(), s.getSigner(), s.getSignature());
  }
}
