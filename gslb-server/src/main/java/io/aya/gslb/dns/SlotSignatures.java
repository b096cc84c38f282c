package io.aya.gslb.dns;

import io.aya.gslb.dnssec.SignedZone;
import io.aya.gslb.policy.BalancedAnswer;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The RRSIGs of a balanced RRset of a signed zone, for one {@link BalancedRoute.Slot}: per answer set the policy
 * has chosen (the same record objects in the same order), the RRSIG records as wire bytes under the slot's owner,
 * signed on first use ({@link SignedZone#signatures}) and kept, so that the steady state neither signs nor
 * renders (docs/dnssec.md). Lives in one event loop's route cache: not thread-safe.
 */
final class SlotSignatures {
  /** Answer sets kept per slot before starting over (bounds memory when policies churn). */
  static final int MAX_SETS = 1024;

  private final SignedZone zone;
  private final Name owner;
  private final HashMap<AnswerSet, Rrsigs> rendered = new HashMap<>();
  private final AnswerSet probe = new AnswerSet();

  /** RRSIG records ready to append: {@code count} of them in {@code wire}. */
  record Rrsigs(byte[] wire, int count) {}

  SlotSignatures(SignedZone zone, Name owner) {
    this.zone = zone;
    this.owner = owner;
  }

  /** The RRSIGs over {@code answer}'s records as owned by the slot's owner, written with {@code ownerWire}. */
  Rrsigs of(BalancedAnswer answer, byte[] ownerWire) {
    List<Record> records = answer.records();
    probe.set(records);
    Rrsigs sigs = rendered.get(probe);
    if (sigs == null) {
      sigs = render(records, ownerWire);
      if (rendered.size() >= MAX_SETS) {
        rendered.clear();
      }
      AnswerSet key = new AnswerSet();
      key.set(records);
      rendered.put(key, sigs);
    }
    return sigs;
  }

  private Rrsigs render(List<Record> records, byte[] ownerWire) {
    RRset set = new RRset();
    for (Record r : records) {
      set.addRR(r.getName().equals(owner) ? r : r.withName(owner));
    }
    RRSIGRecord[] sigs = zone.signatures(set);
    byte[][] data = new byte[sigs.length][];
    int length = 0;
    for (int i = 0; i < sigs.length; i++) {
      data[i] = sigs[i].rdataToWireCanonical();
      length += ownerWire.length + 10 + data[i].length;
    }
    ByteBuffer b = ByteBuffer.allocate(length);
    for (byte[] d : data) {
      b.put(ownerWire);
      b.putShort((short) Type.RRSIG);
      b.putShort((short) DClass.IN);
      b.putInt((int) set.getTTL());
      b.putShort((short) d.length);
      b.put(d);
    }
    return new Rrsigs(b.array(), sigs.length);
  }

  /** A sequence of record objects compared by identity (the order is the policy's preference). */
  private static final class AnswerSet {
    private Record[] records = new Record[0];
    private int size;
    private int hash;

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
      if (!(o instanceof AnswerSet a) || a.hash != hash || a.size != size) {
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
