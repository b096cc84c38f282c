package io.aya.gslb.zone;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One name in a {@link Zone}: its static RRsets by type, or its balanced definition, or nothing (an empty
 * non-terminal). Immutable and thread-safe.
 */
public final class ZoneNode {
  private final Name name;
  private final Map<Integer, RRset> rrsets;
  private final BalancedName balanced;
  private final boolean delegation;
  private final DNAMERecord dname;
  /** The DNSKEY, CDS and CDNSKEY here are the signer's ({@link #withKeyRecords}), not zone file data. */
  private final boolean signerKeys;

  private ZoneNode(Name name, Map<Integer, RRset> rrsets, BalancedName balanced, boolean apex) {
    this(name, rrsets, balanced, apex, false);
  }

  private ZoneNode(Name name, Map<Integer, RRset> rrsets, BalancedName balanced, boolean apex, boolean signerKeys) {
    this.signerKeys = signerKeys;
    this.name = name;
    this.rrsets = rrsets;
    this.balanced = balanced;
    this.delegation = !apex && rrsets.containsKey(Type.NS);
    RRset d = rrsets.get(Type.DNAME);
    this.dname = d == null ? null : (DNAMERecord) d.first();
  }

  public Name name() {
    return name;
  }

  /** The RRset of this type, or null. */
  public RRset rrset(int type) {
    return rrsets.get(type);
  }

  public Map<Integer, RRset> rrsets() {
    return rrsets;
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
    return rrsets.isEmpty() && balanced == null;
  }

  /** This (apex) node with its SOA RRset replaced by {@code soa}. */
  ZoneNode withSoa(org.xbill.DNS.SOARecord soa) {
    Map<Integer, RRset> copy = new HashMap<>(rrsets);
    copy.put(Type.SOA, new RRset(soa));
    return new ZoneNode(name, Collections.unmodifiableMap(copy), balanced, true, signerKeys);
  }

  /** This (apex) node with its DNSKEY, CDS and CDNSKEY RRsets replaced by those of {@code records}. */
  ZoneNode withKeyRecords(java.util.List<Record> records) {
    Map<Integer, RRset> copy = new HashMap<>(rrsets);
    copy.remove(Type.DNSKEY);
    copy.remove(Type.CDS);
    copy.remove(Type.CDNSKEY);
    for (Record r : records) {
      copy.computeIfAbsent(r.getType(), t -> new RRset()).addRR(r);
    }
    return new ZoneNode(name, Collections.unmodifiableMap(copy), balanced, true, true);
  }

  static final class Builder {
    private final Name name;
    private final Map<Integer, RRset> rrsets = new LinkedHashMap<>();
    private BalancedName balanced;

    Builder(Name name) {
      this.name = name;
    }

    void add(Record r) {
      rrsets.computeIfAbsent(r.getRRsetType(), t -> new RRset()).addRR(r);
    }

    void balanced(BalancedName b) {
      this.balanced = b;
    }

    ZoneNode build(boolean apex) {
      return new ZoneNode(name, Collections.unmodifiableMap(new HashMap<>(rrsets)), balanced, apex);
    }
  }
}
