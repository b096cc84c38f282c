package io.aya.gslb.dns;

import io.aya.gslb.dnssec.SignedZone;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Renders what {@link ZoneAnswerer} put into a message into a {@link CachedRoute}, through dnsjava, once per
 * snapshot and question: the static records as bytes, and for each {@link BalancedRrset} a slot whose owner is
 * a compression pointer to where that name already stands in the rendered bytes (RFC 1035 §4.1.4): the question,
 * a record's owner, a CNAME's target or an SVCB target. Stateless.
 */
final class RouteRenderer {
  private RouteRenderer() {}

  /**
   * @param m the response as the answerer left it, header flags and rcode set, without OPT; the SOA is added to
   *     it when a balanced answer needs a NODATA form
   */
  static CachedRoute render(Message m, ZoneAnswerer.Outcome o) throws IOException {
    return render(m, o, null);
  }

  /**
   * As {@link #render(Message, ZoneAnswerer.Outcome)} for a message of a signed zone that {@link SignedAnswers}
   * signed: every balanced RRset gets its RRSIGs ({@link SlotSignatures}), the answer's and the additional ones
   * alike (RFC 4035 §3.1.1: an additional RRset that does not fit with them is left out), and the answer's NODATA
   * form the signed denial.
   *
   * @param signed the zone's signing state, or null for an unsigned answer
   */
  static CachedRoute render(Message m, ZoneAnswerer.Outcome o, SignedZone signed) throws IOException {
    byte[] head = m.toWire();
    if (o.balanced == null && o.additional == null) {
      return new RenderedResponse(head, o.glue);
    }
    BalancedRoute.Slot answer = null;
    byte[] noData = null;
    if (o.balanced != null) {
      Name owner = o.balanced.owner();
      if (signed == null) {
        answer = new BalancedRoute.Slot(o.balanced, owner(head, owner));
        SectionWriter.addNegativeSoa(o.zone, m);
      } else {
        answer = new BalancedRoute.Slot(o.balanced, owner(head, owner), new SlotSignatures(signed, owner));
        SignedAnswers.addNoData(m, signed, owner, o.balanced.type());
      }
      noData = m.toWire();
    }
    List<BalancedRoute.Slot> additional = new ArrayList<>();
    if (o.additional != null) {
      for (BalancedRrset r : o.additional) {
        Name owner = r.owner();
        additional.add(signed == null || !SignedAnswers.authoritative(signed.zone(), owner)
            ? new BalancedRoute.Slot(r, owner(head, owner))
            : new BalancedRoute.Slot(r, owner(head, owner), new SlotSignatures(signed, owner)));
      }
    }
    return new BalancedRoute(head, answer, noData, additional);
  }

  /** A pointer to {@code name} in {@code wire}, or the name in full (uncompressed) when it is not there. */
  static byte[] owner(byte[] wire, Name name) throws IOException {
    int at = find(wire, name);
    if (at >= 0 && at < 0x4000) {
      return new byte[] {(byte) (0xC0 | at >>> 8), (byte) at};
    }
    return name.toWire();
  }

  /**
   * The offset of the labels of {@code name} in a message: the question name, record owners, CNAME targets and
   * SVCB/HTTPS TargetNames are looked at, in message order; -1 when none is {@code name}.
   */
  private static int find(byte[] wire, Name name) throws IOException {
    DNSInput in = new DNSInput(wire);
    int pos = WireQuery.HEADER_LENGTH;
    if (nameAt(in, pos).equals(name)) {
      return labelsAt(wire, pos);
    }
    pos = skipName(wire, pos) + 4;
    int records = u16(wire, 6) + u16(wire, 8) + u16(wire, 10);
    for (int i = 0; i < records; i++) {
      if (nameAt(in, pos).equals(name)) {
        return labelsAt(wire, pos);
      }
      pos = skipName(wire, pos);
      int type = u16(wire, pos);
      int rdata = pos + 10;
      int target = type == Type.CNAME ? rdata : type == Type.SVCB || type == Type.HTTPS ? rdata + 2 : -1;
      if (target >= 0 && nameAt(in, target).equals(name)) {
        return labelsAt(wire, target);
      }
      pos = rdata + u16(wire, pos + 8);
    }
    return -1;
  }

  private static Name nameAt(DNSInput in, int pos) throws IOException {
    in.jump(pos);
    return new Name(in);
  }

  /** Follows compression pointers at {@code pos} to the first label, so that no pointer points to a pointer. */
  private static int labelsAt(byte[] wire, int pos) {
    while ((wire[pos] & 0xC0) == 0xC0) {
      pos = (wire[pos] & 0x3F) << 8 | (wire[pos + 1] & 0xFF);
    }
    return pos;
  }

  private static int skipName(byte[] wire, int pos) {
    while (true) {
      int l = wire[pos] & 0xFF;
      if ((l & 0xC0) == 0xC0) {
        return pos + 2;
      }
      if (l == 0) {
        return pos + 1;
      }
      pos += 1 + l;
    }
  }

  private static int u16(byte[] wire, int at) {
    return (wire[at] & 0xFF) << 8 | (wire[at + 1] & 0xFF);
  }
}
