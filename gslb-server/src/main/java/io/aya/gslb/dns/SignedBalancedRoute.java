package io.aya.gslb.dns;

import io.aya.gslb.dnssec.SignedZone;
import io.aya.gslb.zone.BalancedName;
import java.util.HashMap;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A balanced name's question in a signed zone, as cached for DO=1 queries: the signed NODATA and, per answer set
 * the resolver has returned (the same record objects in the same order), the complete signed response, so that the
 * steady state neither signs nor renders. One per event-loop thread (it lives in that thread's cache): not
 * thread-safe.
 */
final class SignedBalancedRoute {
  /** Answer sets kept per question before starting over. */
  static final int MAX_SETS = 1024;
  private static final int RRSIG = Type.RRSIG;

  final BalancedName name;
  final SignedZone zone;
  private final Name owner;
  private final byte[] head;
  final byte[] noData;
  final byte[] truncated;
  private final HashMap<AnswerSet, byte[]> rendered = new HashMap<>();
  private final AnswerSet probe = new AnswerSet();

  SignedBalancedRoute(BalancedName name, SignedZone zone, Name owner, byte[] head, byte[] noData) {
    this.name = name;
    this.zone = zone;
    this.owner = owner;
    this.head = head;
    this.noData = noData;
    this.truncated = head.clone();
    truncated[2] |= 0x02;
  }

  /** The full signed response (without OPT) for these records, rendered and signed on first use. */
  byte[] response(List<Record> records, List<byte[]> rdata) {
    probe.set(records);
    byte[] wire = rendered.get(probe);
    if (wire == null) {
      wire = render(records, rdata);
      if (rendered.size() >= MAX_SETS) {
        rendered.clear();
      }
      AnswerSet key = new AnswerSet();
      key.set(records);
      rendered.put(key, wire);
    }
    return wire;
  }

  private byte[] render(List<Record> records, List<byte[]> rdata) {
    RRset set = new RRset();
    for (Record r : records) {
      set.addRR(r.getName().equals(owner) ? r : r.withName(owner));
    }
    RRSIGRecord[] sigs = zone.signatures(set);
    int n = records.size();
    int length = head.length;
    for (int i = 0; i < n; i++) {
      length += 12 + rdata.get(i).length;
    }
    byte[][] sigData = new byte[sigs.length][];
    for (int i = 0; i < sigs.length; i++) {
      sigData[i] = sigs[i].rdataToWireCanonical();
      length += 12 + sigData[i].length;
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(length);
    b.put(head);
    b.putShort(6, (short) (n + sigs.length));
    for (int i = 0; i < n; i++) {
      Record r = records.get(i);
      putRecord(b, r.getType(), r.getTTL(), rdata.get(i));
    }
    for (byte[] s : sigData) {
      putRecord(b, RRSIG, set.getTTL(), s);
    }
    return b.array();
  }

  private static void putRecord(java.nio.ByteBuffer b, int type, long ttl, byte[] rdata) {
    b.putShort((short) (0xC000 | WireQuery.HEADER_LENGTH));
    b.putShort((short) type);
    b.putShort((short) DClass.IN);
    b.putInt((int) ttl);
    b.putShort((short) rdata.length);
    b.put(rdata);
  }

  /** A sequence of record objects compared by identity (the order is the resolver's preference). */
  private static final class AnswerSet {
    Record[] records = new Record[0];
    int size;
    int hash;

    void set(List<Record> list) {
      int n = list.size();
      if (records.length < n) {
        records = new Record[Math.max(n, 8)];
      }
      int h = n;
      for (int i = 0; i < n; i++) {
        Record r = list.get(i);
        records[i] = r;
        h = 31 * h + System.identityHashCode(r);
      }
      size = n;
      hash = h;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof AnswerSet)) {
        return false;
      }
      AnswerSet a = (AnswerSet) o;
      if (a.hash != hash || a.size != size) {
        return false;
      }
      for (int i = 0; i < size; i++) {
        if (a.records[i] != records[i]) {
          return false;
        }
      }
      return true;
    }
  }
}
