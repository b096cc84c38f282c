package io.aya.gslb.zone;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Checks what a {@link ZoneFileReader} reads (references between directives, RFC 1034/2181 rules on static data,
 * GSLB names versus static names) and builds the {@link Zone}. Static records are checked and added to the zone
 * one by one as they are read ({@link #staticRecord}), so none is kept apart from the zone being built; the
 * rest is checked as a whole at the end ({@link #assemble}). Declarations may appear in any order in the file.
 * Single use, not thread-safe.
 */
final class ZoneAssembler {
  /** Types that may share a name with a CNAME (RFC 4035 §2.5, RFC 2181 §10.1). */
  private static final Set<Integer> CNAME_COMPANIONS = Set.of(Type.CNAME, Type.RRSIG, Type.NSEC, Type.KEY);

  private final ZoneFileReader in;
  private final List<ZoneError> errors;
  private final Map<String, RegionDirectives.RegionDecl> regions = new LinkedHashMap<>();
  private final Map<String, RegionDirectives.CheckDecl> checks = new LinkedHashMap<>();
  /** Static owner names to the first place each type appears there. */
  private final StaticTypes staticTypes = new StaticTypes();
  private final List<Name> cuts = new ArrayList<>();
  /** DNAME owners to their record and where it was written. */
  private final Map<Name, ZoneFileReader.StaticRecord> dnames = new HashMap<>();

  private Name origin;
  /** The zone being built, from the first static record on. */
  private Zone.Builder b;
  /** Where the SOA record was written, or null before it is read. */
  private Where soa;

  ZoneAssembler(ZoneFileReader in) {
    this.in = in;
    this.errors = in.errors;
  }

  /** Where the zone's SOA record was written, or null when it has none. */
  Where soaWhere() {
    return soa;
  }

  /** The zone, or null when anything is wrong (then the reader's error list says what). */
  Zone assemble(Path source, String display, Instant loadedAt) {
    Zone.Builder b = builder().source(source).loadedAt(loadedAt).transfer(in.transfer.settings()).dnssec(in.dnssec);
    if (soa == null) {
      errors.add(new ZoneError(display, 1, "zone " + origin + " has no SOA record"));
    }
    dnameRules();
    declarations(b);
    balancedNames(b);
    if (!errors.isEmpty()) {
      return null;
    }
    return b.build();
  }

  private Zone.Builder builder() {
    if (b == null) {
      origin = in.zoneOrigin;
      b = Zone.builder(origin);
    }
    return b;
  }

  /** Checks one static record (the reader's origin is set) and adds it to the zone unless it breaks a rule. */
  void staticRecord(ZoneFileReader.StaticRecord sr) {
    Zone.Builder b = builder();
    Record r = sr.record();
    Name name = r.getName();
    if (!name.subdomain(origin)) {
      errors.add(sr.where().error(name + " is outside the zone " + origin));
      return;
    }
    int type = r.getType();
    if (RecordTypes.isMeta(type)) {
      errors.add(sr.where().error(Type.string(type) + " is a meta type, not zone data (RFC 6895 §3.1)"));
      return;
    }
    if (type == Type.SOA) {
      if (!name.equals(origin)) {
        errors.add(sr.where().error("SOA at " + name + " (expected: only at the zone origin " + origin + ")"));
        return;
      }
      if (soa != null) {
        errors.add(sr.where().error("second SOA record for " + origin));
        return;
      }
      soa = sr.where();
    }
    Where cname = staticTypes.first(name, Type.CNAME);
    if (type == Type.CNAME && cname != null) {
      errors.add(sr.where().error("second CNAME at " + name + " (first at " + cname + ")"));
      return;
    }
    if (cname != null && !CNAME_COMPANIONS.contains(type)) {
      errors.add(sr.where().error(Type.string(type) + " at " + name
          + " cannot coexist with the CNAME at " + cname + " (RFC 1034 §3.6.2)"));
      return;
    }
    if (type == Type.CNAME && !cnameAlone(name, staticTypes.at(name), sr.where())) {
      return;
    }
    if (type == Type.DNAME) {
      ZoneFileReader.StaticRecord first = dnames.putIfAbsent(name, sr);
      if (first != null) {
        if (!first.record().equals(r)) {
          errors.add(sr.where().error("second DNAME at " + name + " (first at " + first.where()
              + "; DNAME is a singleton type, RFC 6672 §2.4)"));
        }
        return;
      }
    }
    staticTypes.putIfAbsent(name, type, sr.where());
    if (type == Type.NS && !name.equals(origin)) {
      cuts.add(name);
    }
    if (errors.isEmpty()) {
      b.record(r);
    }
  }

  /**
   * RFC 6672 §2.4: no data below a DNAME (it would be occluded), and no NS beside one except at the apex (both
   * refused by Knot as well).
   */
  private void dnameRules() {
    if (dnames.isEmpty()) {
      return;
    }
    for (Map.Entry<Name, ZoneFileReader.StaticRecord> d : dnames.entrySet()) {
      Where ns = staticTypes.first(d.getKey(), Type.NS);
      if (ns != null && !d.getKey().equals(origin)) {
        errors.add(ns.error("NS at " + d.getKey() + " beside the DNAME at " + d.getValue().where()
            + " (a DNAME cannot be at a delegation, RFC 6672 §2.4)"));
      }
    }
    for (Name owner : staticTypes.names()) {
      Map.Entry<Name, ZoneFileReader.StaticRecord> above = dnameAbove(owner);
      if (above != null) {
        Where first = staticTypes.at(owner).values().iterator().next();
        errors.add(first.error(owner + " is below the DNAME at " + above.getKey() + " (" + above.getValue().where()
            + "); names below a DNAME cannot have data (RFC 6672 §2.4)"));
      }
    }
  }

  /** The DNAME at a proper ancestor of {@code name}, or null. */
  private Map.Entry<Name, ZoneFileReader.StaticRecord> dnameAbove(Name name) {
    for (int skip = 1; skip < name.labels() - origin.labels() + 1; skip++) {
      Name up = new Name(name, skip);
      ZoneFileReader.StaticRecord d = dnames.get(up);
      if (d != null) {
        return Map.entry(up, d);
      }
    }
    return null;
  }

  private boolean cnameAlone(Name name, Map<Integer, Where> types, Where where) {
    for (Map.Entry<Integer, Where> other : types.entrySet()) {
      if (!CNAME_COMPANIONS.contains(other.getKey())) {
        errors.add(where.error("CNAME at " + name + " cannot coexist with other data ("
            + Type.string(other.getKey()) + " at " + other.getValue() + ", RFC 1034 §3.6.2)"));
        return false;
      }
    }
    return true;
  }

  private void declarations(Zone.Builder b) {
    for (RegionDirectives.RegionDecl d : in.regions) {
      RegionDirectives.RegionDecl first = regions.putIfAbsent(d.region().name(), d);
      if (first != null) {
        errors.add(d.where().error("duplicate region " + d.region().name() + " (first declared at " + first.where() + ")"));
      } else {
        b.region(d.region());
      }
    }
    for (RegionDirectives.CheckDecl d : in.checks) {
      RegionDirectives.CheckDecl first = checks.putIfAbsent(d.spec().name(), d);
      if (first != null) {
        errors.add(d.where().error("duplicate check " + d.spec().name() + " (first declared at " + first.where() + ")"));
      } else {
        b.check(d.spec());
      }
    }
    Map<String, Where> probed = new HashMap<>();
    for (RegionDirectives.LoadDecl d : in.loads) {
      String region = d.probe().region();
      if (!regions.containsKey(region)) {
        if (!in.brokenRegions.contains(region)) {
          errors.add(d.where().error(unknownRegion(region)));
        }
        continue;
      }
      Where first = probed.putIfAbsent(region, d.where());
      if (first != null) {
        errors.add(d.where().error("second $LOAD for region " + region + " (first at " + first + ")"));
        continue;
      }
      b.loadProbe(d.probe());
    }
  }

  private String unknownRegion(String region) {
    return "unknown region " + region + " (declared: " + (regions.isEmpty() ? "none" : String.join(", ", regions.keySet())) + ")";
  }

  private void balancedNames(Zone.Builder b) {
    Map<Name, List<GslbRecords.GslbDecl>> byName = new LinkedHashMap<>();
    for (GslbRecords.GslbDecl d : in.pools) {
      byName.computeIfAbsent(d.owner(), n -> new ArrayList<>()).add(d);
    }
    Map<Name, GslbRecords.PolicyDecl> policies = new HashMap<>();
    for (GslbRecords.PolicyDecl p : in.policies) {
      if (!byName.containsKey(p.name())) {
        if (in.brokenBalancedNames.contains(p.name())) {
          continue;
        }
        errors.add(p.where().error("$POLICY for " + p.name() + ", which has no GSLB records"));
        continue;
      }
      GslbRecords.PolicyDecl first = policies.putIfAbsent(p.name(), p);
      if (first != null) {
        errors.add(p.where().error("second $POLICY for " + p.name() + " (first at " + first.where() + ")"));
      }
    }
    Map<Name, ForwardDirectives.ForwardDecl> forwards = new HashMap<>();
    for (ForwardDirectives.ForwardDecl f : in.forwards) {
      if (!byName.containsKey(f.name())) {
        if (!in.brokenBalancedNames.contains(f.name())) {
          errors.add(f.where().error("$FORWARD for " + f.name() + ", which has no GSLB records"));
        }
        continue;
      }
      ForwardDirectives.ForwardDecl first = forwards.putIfAbsent(f.name(), f);
      if (first != null) {
        errors.add(f.where().error("second $FORWARD for " + f.name() + " (first at " + first.where() + ")"));
      }
    }
    for (Map.Entry<Name, List<GslbRecords.GslbDecl>> e : byName.entrySet()) {
      BalancedName bn = balancedName(e.getKey(), e.getValue(), policies.get(e.getKey()));
      if (bn != null) {
        ForwardDirectives.ForwardDecl f = forwards.get(e.getKey());
        b.balanced(f == null ? bn : bn.withForward(f.spec()));
      }
    }
  }

  private BalancedName balancedName(Name name, List<GslbRecords.GslbDecl> decls, GslbRecords.PolicyDecl policy) {
    int before = errors.size();
    Where at = decls.get(0).where();
    if (!name.subdomain(origin)) {
      errors.add(at.error(name + " is outside the zone " + origin));
      return null;
    }
    Map<Integer, Where> statics = staticTypes.at(name);
    if (!statics.isEmpty()) {
      List<String> which = new ArrayList<>();
      for (Map.Entry<Integer, Where> s : statics.entrySet()) {
        which.add(Type.string(s.getKey()) + " at " + s.getValue());
      }
      errors.add(at.error("GSLB name " + name + " also has static records (" + String.join(", ", which)
          + "); a balanced name cannot have other data"));
    }
    Map.Entry<Name, ZoneFileReader.StaticRecord> dname = dnames.isEmpty() ? null : dnameAbove(name);
    if (dname != null) {
      errors.add(at.error("GSLB name " + name + " is below the DNAME at " + dname.getKey() + " ("
          + dname.getValue().where() + "); names below a DNAME cannot have data (RFC 6672 §2.4)"));
    }
    for (Name cut : cuts) {
      if (name.subdomain(cut)) {
        errors.add(at.error("GSLB name " + name + " is at or below the delegation " + cut));
        break;
      }
    }
    List<Pool> pools = new ArrayList<>();
    Map<String, Where> seen = new LinkedHashMap<>();
    long ttl = -1;
    boolean brokenReference = false;
    for (GslbRecords.GslbDecl d : decls) {
      RegionDirectives.RegionDecl region = regions.get(d.region());
      if (region == null) {
        // a region whose $REGION line has an error was reported there, once
        brokenReference |= in.brokenRegions.contains(d.region());
        if (!in.brokenRegions.contains(d.region())) {
          errors.add(d.where().error(unknownRegion(d.region())));
        }
        continue;
      }
      Where first = seen.putIfAbsent(d.region(), d.where());
      if (first != null) {
        errors.add(d.where().error("second GSLB pool for region " + d.region() + " at " + name + " (first at " + first + ")"));
        continue;
      }
      CheckSpec check = null;
      if (d.check() != null) {
        RegionDirectives.CheckDecl c = checks.get(d.check());
        if (c == null) {
          brokenReference |= in.brokenChecks.contains(d.check());
          if (!in.brokenChecks.contains(d.check())) {
            errors.add(d.where().error("unknown check " + d.check() + " (declared: "
                + (checks.isEmpty() ? "none" : String.join(", ", checks.keySet())) + ")"));
          }
          continue;
        }
        check = c.spec();
      }
      if (d.ttl() >= 0) {
        if (ttl < 0) {
          ttl = d.ttl();
        } else if (ttl != d.ttl()) {
          errors.add(d.where().error("TTL " + d.ttl() + " differs from the TTL " + ttl + " of the first GSLB record of "
              + name + " (a balanced name has one TTL; or set it with $POLICY ttl=)"));
          continue;
        }
      }
      pools.add(new Pool(region.region(), d.members(), check, d.up()));
    }
    boolean poolsComplete = errors.size() == before && !brokenReference && !in.brokenBalancedNames.contains(name);
    PolicySpec spec = policy(name, policy, seen, ttl, poolsComplete);
    if (!poolsComplete || spec == null) {
      return null;
    }
    return new BalancedName(name, pools, spec);
  }

  /** Balanced TTL: {@code $POLICY ttl=}, else the first explicit GSLB record TTL, else 30 s. */
  private PolicySpec policy(
      Name name, GslbRecords.PolicyDecl p, Map<String, Where> poolRegions, long recordTtl, boolean poolsComplete) {
    long fallbackTtl = recordTtl >= 0 ? recordTtl : PolicySpec.DEFAULT_TTL;
    if (p == null) {
      return PolicySpec.DEFAULT.withTtl(fallbackTtl);
    }
    PolicySpec spec = p.spec();
    boolean ok = true;
    for (String r : spec.priority()) {
      if (!regions.containsKey(r)) {
        if (!in.brokenRegions.contains(r)) {
          errors.add(p.where().error("priority: " + unknownRegion(r)));
        }
        ok = false;
      } else if (poolsComplete && !poolRegions.containsKey(r)) {
        errors.add(p.where().error("priority: region " + r + " has no GSLB pool at " + name));
        ok = false;
      }
    }
    if (!ok) {
      return null;
    }
    if (!spec.geo() && spec.priority().isEmpty() && !spec.weighted() && poolRegions.size() > 1) {
      in.warnings.add(p.where().error("warning: $POLICY " + name + " has no ranking (geo or priority=...) nor weighted:"
          + " every client gets the first region in zone order, " + poolRegions.keySet().iterator().next()
          + ", while it is up"));
    }
    return spec.withTtl(p.ttl() >= 0 ? p.ttl() : fallbackTtl);
  }
}
