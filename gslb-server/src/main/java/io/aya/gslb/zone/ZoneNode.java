package io.aya.gslb.zone;

import java.util.LinkedHashMap;
import java.util.Map;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One name in a {@link Zone}: its static RRsets by type, or its balanced definition, or nothing (an empty
 * non-terminal). The RRsets are kept packed in wire form ({@link RRsetWire}), so that a large zone stays small in
 * memory; {@link #rrset(int)} and {@link #rrsets()} build them on each call, and the caller owns what it gets.
 * Immutable and thread-safe.
 */
public final class ZoneNode {
  private final Name name;
  private final byte[] packed;
  private final BalancedName balanced;
  private final boolean delegation;
  private final DNAMERecord dname;
  /** The DNSKEY, CDS and CDNSKEY here are the signer's ({@link #withKeyRecords}), not zone file data. */
  private final boolean signerKeys;

  private ZoneNode(Name name, byte[] packed, BalancedName balanced, boolean apex, DNAMERecord dname) {
    this(name, packed, balanced, apex, dname, false);
  }

  private ZoneNode(
      Name name, byte[] packed, BalancedName balanced, boolean apex, DNAMERecord dname, boolean signerKeys) {
    this.signerKeys = signerKeys;
    this.name = name;
    this.packed = packed;
    this.balanced = balanced;
    this.delegation = !apex && RRsetWire.has(packed, Type.NS);
    this.dname = dname;
  }

  /** A node of {@code packed} records ({@link RRsetWire}) at {@code name}; its DNAME, if any, is read from them. */
  static ZoneNode of(Name name, byte[] packed, BalancedName balanced, boolean apex) {
    DNAMERecord dname = null;
    if (RRsetWire.has(packed, Type.DNAME)) {
      dname = (DNAMERecord) RRsetWire.get(name, packed, Type.DNAME).first();
    }
    return new ZoneNode(name, packed, balanced, apex, dname);
  }

  public Name name() {
    return name;
  }

  /** The RRset of this type (newly built: the caller may keep or change it), or null. */
  public RRset rrset(int type) {
    return RRsetWire.get(name, packed, type);
  }

  /** True when an RRset of this type is here; cheaper than {@link #rrset(int)}. */
  public boolean has(int type) {
    return RRsetWire.has(packed, type);
  }

  /** Every RRset here by type, in ascending type order (newly built, unmodifiable). */
  public Map<Integer, RRset> rrsets() {
    return RRsetWire.all(name, packed);
  }

  /** The balanced definition when this name is answered by the policy chain, else null. */
  public BalancedName balanced() {
    return balanced;
  }

  /** True when this is a zone cut below the apex (has NS): names at and below it are referred. */
  public boolean isDelegation() {
    return delegation;
  }

  /** The DNAME here (a singleton, RFC 6672 §2.4), which redirects the names below this one; else null. */
  public DNAMERecord dname() {
    return dname;
  }

  /**
   * True when {@code type} here is a key record the DNSSEC signer published (DNSKEY, CDS, CDNSKEY at the apex of a
   * signed zone): served, but not zone file content (zone transfers leave it out, docs/dnssec.md).
   */
  public boolean isSignerKeyType(int type) {
    return signerKeys && (type == Type.DNSKEY || type == Type.CDS || type == Type.CDNSKEY);
  }

  /** True when the name has neither records nor a balanced definition (an empty non-terminal). */
  public boolean isEmpty() {
    return packed.length == 0 && balanced == null;
  }

  /**
   * True when {@code other} holds byte for byte the same records (TTLs included) and the same balanced definition:
   * then no record differs between the two. Allocates nothing.
   */
  boolean sameData(ZoneNode other) {
    return signerKeys == other.signerKeys && java.util.Arrays.equals(packed, other.packed)
        && java.util.Objects.equals(balanced, other.balanced);
  }

  /** Bytes this node's records take packed (for size estimates). */
  int packedSize() {
    return packed.length;
  }

  /** This node's records packed ({@link RRsetWire}); not to be changed. */
  byte[] packed() {
    return packed;
  }

  /** This (apex) node with its SOA RRset replaced by {@code soa}. */
  ZoneNode withSoa(org.xbill.DNS.SOARecord soa) {
    Map<Integer, RRset> copy = new LinkedHashMap<>(rrsets());
    copy.put(Type.SOA, new RRset(soa));
    return new ZoneNode(name, RRsetWire.pack(copy.values()), balanced, true, dname, signerKeys);
  }

  /** This (apex) node with its DNSKEY, CDS and CDNSKEY RRsets replaced by those of {@code records}. */
  ZoneNode withKeyRecords(java.util.List<Record> records) {
    Map<Integer, RRset> copy = new LinkedHashMap<>(rrsets());
    copy.remove(Type.DNSKEY);
    copy.remove(Type.CDS);
    copy.remove(Type.CDNSKEY);
    for (Record r : records) {
      copy.computeIfAbsent(r.getType(), t -> new RRset()).addRR(r);
    }
    return new ZoneNode(name, RRsetWire.pack(copy.values()), balanced, true, dname, true);
  }

  static final class Builder {
    private final Name name;
    private final Map<Integer, RRset> rrsets = new LinkedHashMap<>(2);
    private BalancedName balanced;

    Builder(Name name) {
      this.name = name;
    }

    Name name() {
      return name;
    }

    /** Adds what {@code node} has (records and balanced definition): to rebuild it with more. */
    void addAll(ZoneNode node) {
      rrsets.putAll(node.rrsets());
      balanced = node.balanced;
    }

    void add(Record r) {
      rrsets.computeIfAbsent(r.getRRsetType(), t -> new RRset()).addRR(r);
    }

    void balanced(BalancedName b) {
      this.balanced = b;
    }

    /** The records added so far, packed ({@link RRsetWire}). */
    byte[] packed() {
      return RRsetWire.pack(rrsets.values());
    }

    ZoneNode build(boolean apex) {
      RRset d = rrsets.get(Type.DNAME);
      return new ZoneNode(name, packed(), balanced, apex, d == null ? null : (DNAMERecord) d.first());
    }
  }
}
