package io.aya.gslb.zone;

import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One authoritative zone, immutable once built: static RRsets by owner name, balanced names, and the
 * regions and checks it declares. Every name between an owner and the origin exists as a node (empty
 * non-terminals have no RRsets), so existence checks for RFC 1034 §4.3.2 and RFC 4592 are map lookups.
 * Thread-safe: safe to share between event loops without locking.
 */
public final class Zone {
  private final Name origin;
  private final SOARecord soa;
  /** The nodes with static records only (nearly all of a big zone), packed; shared by versions made from this one. */
  private final NameTable table;
  /** The apex and the balanced names (few), which the table does not hold. */
  private final Map<Name, ZoneNode> special;
  private final Map<String, Region> regions;
  private final Map<String, CheckSpec> checks;
  private final List<BalancedName> balancedNames;
  private final List<LoadProbe> loadProbes;
  private final Path source;
  private final Instant loadedAt;
  private final TransferSettings transfer;
  private final DnssecSettings dnssec;

  private Zone(Builder b) {
    this.transfer = b.transfer;
    this.dnssec = b.dnssec;
    this.origin = b.origin;
    this.soa = b.soa;
    this.regions = Collections.unmodifiableMap(new LinkedHashMap<>(b.regions));
    this.checks = Collections.unmodifiableMap(new LinkedHashMap<>(b.checks));
    this.balancedNames = List.copyOf(b.balanced.values());
    this.loadProbes = List.copyOf(b.loadProbes);
    this.source = b.source;
    this.loadedAt = b.loadedAt;
    Map<Name, ZoneNode> special = new HashMap<>();
    NameTable built = b.takeNodes(special);
    ancestors(built, special);
    built.trim();
    this.table = built;
    this.special = Collections.unmodifiableMap(special);
  }

  /** Makes every name between an owner and the origin exist (empty non-terminals). */
  private void ancestors(NameTable built, Map<Name, ZoneNode> special) {
    Set<Name> missing = new HashSet<>();
    for (ZoneNode n : special.values()) {
      Name up = n.name();
      while (up.labels() > origin.labels() + 1) {
        up = new Name(up, 1);
        if (built.contains(up) || special.containsKey(up) || !missing.add(up)) {
          break;
        }
      }
    }
    java.util.function.Predicate<Name> absent = up -> !special.containsKey(up) && missing.add(up);
    for (int slot = 0; slot < built.capacity(); slot++) {
      if (built.occupied(slot)) {
        built.ancestors(slot, origin, absent);
      }
    }
    for (Name n : missing) {
      built.put(n, RRsetWire.EMPTY);
    }
  }

  /** A copy of {@code base} whose SOA is {@code soa}; every other node is shared. */
  private Zone(Zone base, SOARecord soa) {
    this(base, soa, null);
  }

  /** A copy of {@code base} with a new SOA, or (when {@code soa} is null) with {@code apex} as apex node. */
  private Zone(Zone base, SOARecord soa, ZoneNode apex) {
    this.origin = base.origin;
    this.soa = soa == null ? base.soa : soa;
    this.regions = base.regions;
    this.checks = base.checks;
    this.balancedNames = base.balancedNames;
    this.loadProbes = base.loadProbes;
    this.source = base.source;
    this.loadedAt = base.loadedAt;
    this.transfer = base.transfer;
    this.dnssec = base.dnssec;
    this.table = base.table;
    Map<Name, ZoneNode> copy = new HashMap<>(base.special);
    copy.put(origin, soa == null ? apex : base.special.get(origin).withSoa(soa));
    this.special = Collections.unmodifiableMap(copy);
  }

  /**
   * This zone with the apex records of its signing keys (DNSKEY, CDS, CDNSKEY) replaced by {@code keyRecords};
   * every other node is shared.
   */
  public Zone withKeyRecords(List<Record> keyRecords) {
    return new Zone(this, null, special.get(origin).withKeyRecords(keyRecords));
  }

  /** This zone served under another SOA serial ({@code $SERIAL auto}); the content is shared, not copied. */
  public Zone withSerial(long serial) {
    if (serial == soa.getSerial()) {
      return this;
    }
    SOARecord s = new SOARecord(origin, soa.getDClass(), soa.getTTL(), soa.getHost(), soa.getAdmin(), serial,
        soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
    return new Zone(this, s);
  }

  public Name origin() {
    return origin;
  }

  public SOARecord soa() {
    return soa;
  }

  public long serial() {
    return soa.getSerial();
  }

  /** The node at exactly this name (an owner or an empty non-terminal), or null. */
  public ZoneNode node(Name name) {
    ZoneNode n = special.get(name);
    return n != null ? n : table.get(name, Zone::staticNode);
  }

  private static ZoneNode staticNode(Name name, byte[] packed) {
    return ZoneNode.of(name, packed, null, false);
  }

  /** Looks {@code name} (at or below the origin) up as the DNS answer path does: exact node, cut, wildcard. */
  public NameLookup lookup(Name name) {
    return NameLookup.in(this, name);
  }

  /** Every node (built as it is reached: a big zone is never copied), in no particular order. */
  public Collection<ZoneNode> nodes() {
    return new AbstractCollection<>() {
      @Override
      public int size() {
        return table.size() + special.size();
      }

      @Override
      public Iterator<ZoneNode> iterator() {
        Iterator<ZoneNode> specials = special.values().iterator();
        return new Iterator<>() {
          private int slot = -1;

          @Override
          public boolean hasNext() {
            if (specials.hasNext()) {
              return true;
            }
            int next = slot + 1;
            while (next < table.capacity() && !table.occupied(next)) {
              next++;
            }
            return next < table.capacity();
          }

          @Override
          public ZoneNode next() {
            if (specials.hasNext()) {
              return specials.next();
            }
            do {
              slot++;
            } while (slot < table.capacity() && !table.occupied(slot));
            if (slot >= table.capacity()) {
              throw new NoSuchElementException();
            }
            return staticNode(table.nameAt(slot), table.valueAt(slot));
          }
        };
      }
    };
  }

  public Map<String, Region> regions() {
    return regions;
  }

  public Map<String, CheckSpec> checks() {
    return checks;
  }

  public List<BalancedName> balancedNames() {
    return balancedNames;
  }

  /** Load probes declared by {@code $LOAD}. */
  public List<LoadProbe> loadProbes() {
    return loadProbes;
  }

  /** Every endpoint a health check must probe in this zone. */
  public List<Endpoint> endpoints() {
    List<Endpoint> out = new ArrayList<>();
    String zoneName = origin.toString(true);
    for (BalancedName bn : balancedNames) {
      for (Pool p : bn.pools()) {
        if (p.check() == null) {
          continue;
        }
        for (PoolMember m : p.members()) {
          Endpoint e = new Endpoint(zoneName, p.region().name(), p.check(), m.address());
          if (!out.contains(e)) {
            out.add(e);
          }
        }
      }
    }
    return out;
  }

  /** The file the zone was loaded from, or null when built in memory. */
  public Path source() {
    return source;
  }

  public Instant loadedAt() {
    return loadedAt;
  }

  /** Zone transfer, NOTIFY and serial settings ({@code $TRANSFER}, {@code $NOTIFY}, {@code $SERIAL}). */
  public TransferSettings transfer() {
    return transfer;
  }

  /** How the zone is signed ({@code $DNSSEC}), or null when it is not. */
  public DnssecSettings dnssec() {
    return dnssec;
  }

  public static Builder builder(Name origin) {
    return new Builder(origin);
  }

  /**
   * Collects a zone's content; {@link #build()} checks it and returns the immutable zone, once. Records are packed
   * into their nodes as they are added (no list of records is kept), so building a big zone holds little more
   * than the zone itself. Not thread-safe.
   */
  public static final class Builder {
    private final Name origin;
    private SOARecord soa;
    /** The nodes packed so far; null once built. */
    private NameTable built = new NameTable();
    /**
     * The records of the owner being added: records of one owner usually come together, so each run becomes its
     * node at once; a name seen again later (or given a balanced definition) is rebuilt with the additions.
     */
    private ZoneNode.Builder run;
    private final Map<String, Region> regions = new LinkedHashMap<>();
    private final Map<String, CheckSpec> checks = new LinkedHashMap<>();
    private final Map<Name, BalancedName> balanced = new LinkedHashMap<>();
    private final List<LoadProbe> loadProbes = new ArrayList<>();
    private Path source;
    private Instant loadedAt = Instant.now();
    private TransferSettings transfer = TransferSettings.DEFAULT;
    private DnssecSettings dnssec;

    private Builder(Name origin) {
      this.origin = Objects.requireNonNull(origin, "origin");
      if (!origin.isAbsolute()) {
        throw new IllegalArgumentException("origin: " + origin + " (expected: absolute name)");
      }
    }

    /** Adds a static record; it must be at or below the origin. */
    public Builder record(Record r) {
      if (!r.getName().subdomain(origin)) {
        throw new IllegalArgumentException(r.getName() + " is outside the zone " + origin);
      }
      if (r.getType() == Type.SOA) {
        if (!r.getName().equals(origin)) {
          throw new IllegalArgumentException("SOA at " + r.getName() + " (expected: only at the origin " + origin + ")");
        }
        if (soa != null) {
          throw new IllegalArgumentException("more than one SOA record");
        }
        soa = (SOARecord) r;
      }
      if (built == null) {
        throw new IllegalStateException("zone " + origin + " already built");
      }
      if (run == null || !run.name().equals(r.getName())) {
        flushRun();
        run = builderAt(r.getName());
      }
      run.add(r);
      return this;
    }

    private void flushRun() {
      if (run != null) {
        built.put(run.name(), run.packed());
        run = null;
      }
    }

    /** A builder holding what is built at {@code name} so far (nothing for a new name). */
    private ZoneNode.Builder builderAt(Name name) {
      ZoneNode.Builder nb = new ZoneNode.Builder(name);
      ZoneNode have = built.get(name, Zone::staticNode);
      if (have != null) {
        nb.addAll(have);
      }
      return nb;
    }

    /**
     * Every node with records or a balanced definition: the apex and the balanced names into {@code special}, the rest
     * in the table returned; the builder is spent afterwards.
     */
    private NameTable takeNodes(Map<Name, ZoneNode> special) {
      flushRun();
      NameTable nodes = built;
      built = null;
      for (BalancedName bn : balanced.values()) {
        byte[] packed = nodes.get(bn.name());
        nodes.remove(bn.name());
        special.put(bn.name(), ZoneNode.of(bn.name(), packed == null ? RRsetWire.EMPTY : packed, bn,
            bn.name().equals(origin)));
      }
      if (!special.containsKey(origin)) {
        ZoneNode apex = nodes.get(origin, (name, packed) -> ZoneNode.of(name, packed, null, true));
        if (apex != null) {
          nodes.remove(origin);
          special.put(origin, apex);
        }
      }
      return nodes;
    }

    public Builder region(Region r) {
      regions.put(r.name(), r);
      return this;
    }

    public Builder check(CheckSpec c) {
      checks.put(c.name(), c);
      return this;
    }

    public Builder balanced(BalancedName b) {
      if (!b.name().subdomain(origin)) {
        throw new IllegalArgumentException(b.name() + " is outside the zone " + origin);
      }
      balanced.put(b.name(), b);
      return this;
    }

    public Builder loadProbe(LoadProbe p) {
      loadProbes.add(p);
      return this;
    }

    public Builder source(Path file) {
      this.source = file;
      return this;
    }

    public Builder transfer(TransferSettings t) {
      this.transfer = Objects.requireNonNull(t, "transfer");
      return this;
    }

    /** Signs the zone as {@code settings} say; null (the default) serves it unsigned. */
    public Builder dnssec(DnssecSettings settings) {
      this.dnssec = settings;
      return this;
    }

    public Builder loadedAt(Instant t) {
      this.loadedAt = t;
      return this;
    }

    public Zone build() {
      if (built == null) {
        throw new IllegalStateException("zone " + origin + " already built");
      }
      if (soa == null) {
        throw new IllegalArgumentException("zone " + origin + " has no SOA record");
      }
      return new Zone(this);
    }
  }

  /** An RRset view helper for callers that only need one type at a name. */
  public RRset rrset(Name name, int type) {
    ZoneNode n = node(name);
    return n == null ? null : n.rrset(type);
  }
}
