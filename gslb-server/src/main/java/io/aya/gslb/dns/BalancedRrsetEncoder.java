package io.aya.gslb.dns;

import io.aya.gslb.policy.BalancedAnswer;
import io.netty.buffer.ByteBuf;
import java.util.List;
import org.xbill.DNS.Record;

/**
 * Turns the records a policy chose for one balanced RRset into wire bytes (RFC 1035 §4.1.3): each record under
 * the slot's owner (a compression pointer into the pre-rendered head, or the name in full), with the type,
 * class and TTL of the record and the pre-encoded RDATA of {@link BalancedAnswer#rdata()}, so that no record is
 * asked for its address on the answer path. This is the one place where a chosen balanced answer becomes
 * bytes, for the answer section and for SVCB/HTTPS additionals alike; a slot of a signed zone answering a DO=1
 * query carries {@link SlotSignatures}, whose RRSIGs follow the records. Stateless and thread-safe.
 */
final class BalancedRrsetEncoder {
  /**
   * Appends the records of {@code answer} when they fit in {@code room} bytes.
   *
   * @return the number of records written (0 for an empty answer), or -1 when they need more than {@code room}
   *     bytes (then nothing is written)
   */
  int encode(ByteBuf out, BalancedRoute.Slot slot, BalancedAnswer answer, int room) {
    List<Record> records = answer.records();
    List<byte[]> rdata = answer.rdata();
    byte[] owner = slot.owner();
    int n = records.size();
    int length = 0;
    for (int i = 0; i < n; i++) {
      length += owner.length + 10 + rdata.get(i).length;
    }
    SlotSignatures signatures = slot.signatures();
    SlotSignatures.Rrsigs sigs = null;
    if (signatures != null && n > 0) {
      // RFC 4035 §3.1.1: the RRSIGs go with the RRset, or the RRset does not go (TC)
      sigs = signatures.of(answer, owner);
      length += sigs.wire().length;
    }
    if (length > room) {
      return -1;
    }
    // the owner is nearly always a 2-byte compression pointer: one short write instead of an array copy
    int pointer = owner.length == 2 ? (owner[0] & 0xFF) << 8 | (owner[1] & 0xFF) : -1;
    for (int i = 0; i < n; i++) {
      Record r = records.get(i);
      byte[] bytes = rdata.get(i);
      if (pointer >= 0) {
        out.writeShort(pointer);
      } else {
        out.writeBytes(owner);
      }
      out.writeShort(r.getType());
      out.writeShort(r.getDClass());
      out.writeInt((int) r.getTTL());
      out.writeShort(bytes.length);
      out.writeBytes(bytes);
    }
    if (sigs != null) {
      out.writeBytes(sigs.wire());
      return n + sigs.count();
    }
    return n;
  }
}
