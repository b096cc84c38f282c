package io.aya.gslb.zone;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The static RRsets of one owner name packed into one byte array, which is how a {@link ZoneNode} keeps them: a
 * zone of a million records then costs one small array per name instead of a map, RRset, two lists and a record
 * object (with its own copy of the owner name) per record. Each record is written as RFC 1035 §4.1.3 lays it out
 * after the owner name (TYPE, CLASS, TTL, RDLENGTH, RDATA with uncompressed names in their original case),
 * preceded by the type of the RRset it belongs to (an RRSIG belongs to the set it covers); the records of one
 * RRset are consecutive and RRsets are in ascending type order. Reading builds fresh {@link RRset}s, owned by the
 * caller. Stateless.
 */
final class RRsetWire {
  static final byte[] EMPTY = new byte[0];
  /** RRset type, TYPE, CLASS, TTL, RDLENGTH. */
  private static final int HEADER = 12;

  private RRsetWire() {}

  /** Packs {@code sets} (records and signatures), sorted by type; the owner names are left out. */
  static byte[] pack(Collection<RRset> sets) {
    if (sets.isEmpty()) {
      return EMPTY;
    }
    RRset[] sorted = sets.toArray(new RRset[0]);
    Arrays.sort(sorted, (a, b) -> Integer.compare(a.getType(), b.getType()));
    DNSOutput out = new DNSOutput();
    for (RRset set : sorted) {
      for (Record r : set.rrs(false)) {
        write(out, set.getType(), r);
      }
      for (Record r : set.sigs()) {
        write(out, set.getType(), r);
      }
    }
    return out.toByteArray();
  }

  private static void write(DNSOutput out, int setType, Record r) {
    byte[] wire = r.toWire(Section.ANSWER);
    int owner = r.getName().length();
    out.writeU16(setType);
    out.writeByteArray(wire, owner, wire.length - owner);
  }

  /** True when the packed data holds an RRset of {@code type}; allocates nothing. */
  static boolean has(byte[] data, int type) {
    for (int p = 0; p < data.length; p = next(data, p)) {
      if (u16(data, p) == type) {
        return true;
      }
    }
    return false;
  }

  /** The RRset of {@code type} at {@code owner}, newly built, or null when there is none. */
  static RRset get(Name owner, byte[] data, int type) {
    RRset set = null;
    for (int p = 0; p < data.length; p = next(data, p)) {
      int t = u16(data, p);
      if (t == type) {
        if (set == null) {
          set = new RRset();
        }
        add(set, record(owner, data, p));
      } else if (t > type) {
        break;
      }
    }
    return set;
  }

  /** Every RRset at {@code owner} by type, in ascending type order, newly built. */
  static Map<Integer, RRset> all(Name owner, byte[] data) {
    if (data.length == 0) {
      return Collections.emptyMap();
    }
    Map<Integer, RRset> out = new LinkedHashMap<>();
    for (int p = 0; p < data.length; p = next(data, p)) {
      add(out.computeIfAbsent(u16(data, p), t -> new RRset()), record(owner, data, p));
    }
    return Collections.unmodifiableMap(out);
  }

  /** The types of the RRsets packed, ascending. */
  static List<Integer> types(byte[] data) {
    List<Integer> out = new java.util.ArrayList<>(2);
    for (int p = 0; p < data.length; p = next(data, p)) {
      int t = u16(data, p);
      if (out.isEmpty() || out.get(out.size() - 1) != t) {
        out.add(t);
      }
    }
    return out;
  }

  private static void add(RRset set, Record r) {
    if (r instanceof RRSIGRecord sig) {
      set.addRR(sig);
    } else {
      set.addRR(r);
    }
  }

  private static Record record(Name owner, byte[] data, int p) {
    int type = u16(data, p + 2);
    int dclass = u16(data, p + 4);
    long ttl = ((long) u16(data, p + 6) << 16) | u16(data, p + 8);
    int length = u16(data, p + 10);
    return Record.newRecord(owner, type, dclass, ttl, length,
        Arrays.copyOfRange(data, p + HEADER, p + HEADER + length));
  }

  private static int next(byte[] data, int p) {
    return p + HEADER + u16(data, p + 10);
  }

  private static int u16(byte[] data, int p) {
    return (data[p] & 0xFF) << 8 | (data[p + 1] & 0xFF);
  }
}
