package io.aya.gslb.dns;

import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneNode;
import java.util.List;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Puts a zone's static RRsets into the sections of a message: an RRset as it is or under the owner a wildcard
 * synthesized (RFC 4592 §3.3.1), the in-zone addresses of NS, MX and SRV targets for the additional section
 * (RFC 1034 §4.3.2 step 6, RFC 1035 §3.3.9, RFC 2782), and the SOA of a negative answer (RFC 2308 §3).
 * Stateless; the message is the caller's.
 */
final class SectionWriter {
  private SectionWriter() {}

  /** Adds every record of {@code set} to {@code section}, renamed to {@code owner} when {@code rename}. */
  static void addRRset(RRset set, Name owner, boolean rename, Message msg, int section) {
    List<Record> rrs = set.rrs(false);
    for (int i = 0, n = rrs.size(); i < n; i++) {
      Record r = rrs.get(i);
      msg.addRecord(rename ? r.withName(owner) : r, section);
    }
  }

  /**
   * Adds {@code set} to the additional section under {@code name} unless an RRset of that name and type is there
   * already; returns the number of records added.
   */
  static int addAdditionalIfAbsent(RRset set, Name name, Message msg) {
    if (set == null || msg.findRRset(name, set.getType(), Section.ADDITIONAL)) {
      return 0;
    }
    addRRset(set, name, !set.getName().equals(name), msg, Section.ADDITIONAL);
    return set.size();
  }

  /**
   * Adds the in-zone A/AAAA of the targets of an NS, MX or SRV set to the additional section; returns the number
   * of records added.
   */
  static int addTargetAddresses(Zone zone, RRset set, Message msg) {
    int added = 0;
    List<Record> rrs = set.rrs(false);
    for (int i = 0, n = rrs.size(); i < n; i++) {
      Record r = rrs.get(i);
      Name target;
      if (r instanceof NSRecord) {
        target = ((NSRecord) r).getTarget();
      } else if (r instanceof MXRecord) {
        target = ((MXRecord) r).getTarget();
      } else if (r instanceof SRVRecord) {
        target = ((SRVRecord) r).getTarget();
      } else {
        continue;
      }
      if (!target.subdomain(zone.origin())) {
        continue;
      }
      ZoneNode node = zone.node(target);
      if (node == null) {
        continue;
      }
      added += addAdditionalIfAbsent(node.rrset(Type.A), target, msg);
      added += addAdditionalIfAbsent(node.rrset(Type.AAAA), target, msg);
    }
    return added;
  }

  /** RFC 2308 §3: the SOA with TTL = min(SOA TTL, SOA MINIMUM), in the authority section. */
  static void addNegativeSoa(Zone zone, Message msg) {
    SOARecord soa = zone.soa();
    long ttl = negativeTtl(soa);
    Record r =
        ttl == soa.getTTL()
            ? soa
            : new SOARecord(
                soa.getName(),
                soa.getDClass(),
                ttl,
                soa.getHost(),
                soa.getAdmin(),
                soa.getSerial(),
                soa.getRefresh(),
                soa.getRetry(),
                soa.getExpire(),
                soa.getMinimum());
    msg.addRecord(r, Section.AUTHORITY);
  }

  static long negativeTtl(SOARecord soa) {
    return Math.min(soa.getTTL(), soa.getMinimum());
  }
}
