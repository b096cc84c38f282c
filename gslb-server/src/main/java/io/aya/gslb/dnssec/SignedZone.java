package io.aya.gslb.dnssec;

import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The signatures of one served version of a signed zone: every static RRset signed when the version was
 * prepared (RFC 4035 §2.2), and the RRsets made per query (balanced answers, wildcard expansions, compact denial
 * NSECs) signed on first use and kept, keyed by their content, so that the steady state signs nothing. All
 * signatures share one validity window; {@link DnssecService} prepares a new version before it runs out.
 *
 * <p>Which key signs what: when the active keys include both key signing keys (SEP flag) and zone signing keys,
 * the KSKs sign the apex DNSKEY, CDS and CDNSKEY RRsets and the ZSKs everything else; otherwise every active key
 * signs everything (a combined signing key). Thread-safe.
 */
public final class SignedZone {
  /** Online signatures kept per version before the cache starts over (bounds memory under random names). */
  static final int MAX_ONLINE = 100_000;
  private static final Name ZERO = Name.fromConstantString("\\000");

  private final Zone zone;
  private final Name origin;
  private final List<SigningKey> keySigners;
  private final List<SigningKey> zoneSigners;
  private final Instant inception;
  private final Instant expiration;
  private final long negativeTtl;
  private final Map<Key, RRSIGRecord[]> statics;
  private final ConcurrentHashMap<Content, RRSIGRecord[]> online = new ConcurrentHashMap<>();

  SignedZone(Zone zone, List<SigningKey> active, Instant inception, Instant expiration) throws KeyException {
    this.zone = zone;
    this.origin = zone.origin();
    List<SigningKey> ksk = new ArrayList<>();
    List<SigningKey> zsk = new ArrayList<>();
    for (SigningKey k : active) {
      (k.ksk() ? ksk : zsk).add(k);
    }
    if (ksk.isEmpty() || zsk.isEmpty()) {
      ksk = List.copyOf(active);
      zsk = List.copyOf(active);
    }
    this.keySigners = List.copyOf(ksk);
    this.zoneSigners = List.copyOf(zsk);
    this.inception = inception;
    this.expiration = expiration;
    this.negativeTtl = Math.min(zone.soa().getTTL(), zone.soa().getMinimum());
    Map<Key, RRSIGRecord[]> sigs = new HashMap<>();
    for (ZoneNode node : zone.nodes()) {
      for (RRset set : node.rrsets().values()) {
        if (set.getType() == Type.RRSIG || set.getType() == Type.NSEC || set.getType() == Type.NSEC3) {
          continue;
        }
        if (node.isDelegation() && set.getType() != Type.DS && set.getType() != Type.NSEC) {
          // RFC 4035 §2.2: the NS set of a cut and glue are not authoritative data, not signed
          continue;
        }
        if (!node.name().equals(origin) && below(node.name(), zone)) {
          continue;
        }
        sigs.put(new Key(node.name(), set.getType()), sign(set));
      }
    }
    this.statics = sigs;
  }

  /** True when {@code name} is strictly below a delegation of the zone (glue, occluded data). */
  static boolean below(Name name, Zone zone) {
    for (int skip = 1; skip < name.labels() - zone.origin().labels(); skip++) {
      ZoneNode n = zone.node(new Name(name, skip));
      if (n != null && n.isDelegation()) {
        return true;
      }
    }
    return false;
  }

  public Zone zone() {
    return zone;
  }

  public Instant expiration() {
    return expiration;
  }

  public Instant inception() {
    return inception;
  }

  /** TTL of denial NSEC records: min(SOA TTL, SOA MINIMUM) (RFC 9077, RFC 2308 §5). */
  public long negativeTtl() {
    return negativeTtl;
  }

  /**
   * The RRSIGs over {@code set} as it would go on the wire: the load-time ones for a static RRset of the zone
   * (found by owner and type; the TTL may have been lowered, as for the negative SOA), else signed now and kept.
   */
  public RRSIGRecord[] signatures(RRset set) {
    RRSIGRecord[] s = statics.get(new Key(set.getName(), set.getType()));
    if (s != null) {
      return s;
    }
    Content c = new Content(set);
    s = online.get(c);
    if (s == null) {
      if (online.size() >= MAX_ONLINE) {
        online.clear();
      }
      s = sign(set);
      online.put(c, s);
    }
    return s;
  }

  /** Number of RRsets signed on the answer path so far in this version (for metrics and tests). */
  public int onlineSigned() {
    return online.size();
  }

  /**
   * A compact denial NSEC (RFC 9824 §3): owner {@code name}, next name {@code \000.name}, the given types plus
   * RRSIG and NSEC.
   */
  public NSECRecord nsec(Name name, int[] types) {
    int[] all = Arrays.copyOf(types, types.length + 2);
    all[types.length] = Type.RRSIG;
    all[types.length + 1] = Type.NSEC;
    return new NSECRecord(name, DClass.IN, negativeTtl, successor(name), all);
  }

  /** {@code \000.name}: the immediate successor of {@code name} in canonical order (RFC 4034 §6.1). */
  static Name successor(Name name) {
    try {
      return Name.concatenate(ZERO, name);
    } catch (org.xbill.DNS.NameTooLongException e) {
      // no room for another label: the name itself is the only one covered
      return name;
    }
  }

  private RRSIGRecord[] sign(RRset set) {
    int type = set.getType();
    boolean keyType = type == Type.DNSKEY || type == Type.CDS || type == Type.CDNSKEY;
    List<SigningKey> signers = keyType && set.getName().equals(origin) ? keySigners : zoneSigners;
    RRSIGRecord[] out = new RRSIGRecord[signers.size()];
    for (int i = 0; i < out.length; i++) {
      SigningKey k = signers.get(i);
      try {
        out[i] = DNSSEC.sign(set, k.dnskey(), k.privateKey(), inception, expiration);
      } catch (DNSSEC.DNSSECException e) {
        throw new IllegalStateException("signing " + set.getName() + "/" + Type.string(type) + " with " + k
            + " failed: " + e.getMessage(), e);
      }
    }
    return out;
  }

  private record Key(Name name, int type) {}

  /** An RRset by what a signature covers: owner, type and the set of RDATA (TTL and order left out). */
  private static final class Content {
    private final Name name;
    private final int type;
    private final byte[][] rdata;
    private final int hash;

    Content(RRset set) {
      this.name = set.getName();
      this.type = set.getType();
      List<Record> rrs = set.rrs(false);
      byte[][] r = new byte[rrs.size()][];
      for (int i = 0; i < r.length; i++) {
        r[i] = rrs.get(i).rdataToWireCanonical();
      }
      Arrays.sort(r, Arrays::compareUnsigned);
      this.rdata = r;
      this.hash = (name.hashCode() * 31 + type) * 31 + Arrays.deepHashCode(r);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Content c && c.hash == hash && c.type == type && c.name.equals(name)
          && Arrays.deepEquals(c.rdata, rdata);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
