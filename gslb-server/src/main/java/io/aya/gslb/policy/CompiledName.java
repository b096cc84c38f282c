package io.aya.gslb.policy;

import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.Fallback;
import io.aya.gslb.zone.Geofence;
import io.aya.gslb.zone.PolicySpec;
import io.aya.gslb.zone.Pool;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * A balanced name compiled once per zone publication: its pools with pre-built records, the step chain its
 * policy asks for, and the fallback answers. Built off the answer path; immutable and thread-safe.
 */
final class CompiledName {
  final BalancedName source;
  /** Zone origin as in {@code Zone.endpoints()} ({@code Name.toString(true)}); prefix of the endpoint keys. */
  final String zone;

  final Name owner;
  final PolicySpec policy;
  final CompiledPool[] pools;
  /** Offset of each pool's members in the flat per-member arrays of a {@link Selection}. */
  final int[] memberOffset;

  final int totalMembers;
  final int maxPoolSize;
  /** Per pool: its position in {@code priority=}, or -1 when not listed. */
  final int[] priorityIndex;

  /** {@code geofence=}: the countries and continents let in (both empty: no fence). */
  final Set<String> fenceCountries;

  final Set<String> fenceContinents;
  /** Weighted with no ranking word: the weighted step picks the region too (blue/green), not only members. */
  final boolean weightsPickRegion;

  final Step[] chain;
  /** {@code $FORWARD}: answered with forward addresses of AYA nodes ({@link ForwardAnswersStep}). */
  final boolean forwarded;
  /** The forward answer records of the last {@link ForwardNodes} publication seen (racy cache, idempotent). */
  private volatile ForwardRecords forwardRecords;
  final boolean hasIpv4;
  final boolean hasIpv6;
  final List<Record> fallbackIpv4;
  final List<Record> fallbackIpv6;
  final List<byte[]> fallbackIpv4Rdata;
  final List<byte[]> fallbackIpv6Rdata;
  /**
   * This name's answer counters ({@link AnswerMeters}); set by {@link PolicyEngine#prepare} before the name is
   * published (the volatile publication makes it visible), null when answers are not counted.
   */
  AnswerMeters.Tally tally;

  CompiledName(BalancedName name, String zone) {
    this.source = name;
    this.zone = zone;
    this.owner = name.name();
    this.policy = name.policy();
    long ttl = policy.ttl();
    List<Pool> ps = name.pools();
    this.pools = new CompiledPool[ps.size()];
    this.memberOffset = new int[ps.size()];
    this.priorityIndex = new int[ps.size()];
    int offset = 0;
    int max = 0;
    for (int i = 0; i < pools.length; i++) {
      pools[i] = new CompiledPool(ps.get(i), zone, owner, ttl);
      memberOffset[i] = offset;
      offset += pools[i].size();
      max = Math.max(max, pools[i].size());
      priorityIndex[i] = policy.priority().indexOf(pools[i].regionName);
    }
    this.totalMembers = offset;
    this.maxPoolSize = max;
    this.fenceCountries = Geofence.countries(policy.geofence());
    this.fenceContinents = Geofence.continents(policy.geofence());
    this.weightsPickRegion = policy.weighted() && !policy.geo() && policy.priority().isEmpty();
    this.hasIpv4 = name.hasIpv4();
    this.hasIpv6 = name.hasIpv6();
    this.chain = chain(policy);
    this.forwarded = name.forward() != null;
    Fallback fb = policy.fallback();
    if (fb instanceof Fallback.Fixed fixed) {
      this.fallbackIpv4 = fixedRecords(fixed.addresses(), false, ttl);
      this.fallbackIpv6 = fixedRecords(fixed.addresses(), true, ttl);
    } else if (fb instanceof Fallback.All) {
      this.fallbackIpv4 = allRecords(false);
      this.fallbackIpv6 = allRecords(true);
    } else {
      this.fallbackIpv4 = List.of();
      this.fallbackIpv6 = List.of();
    }
    this.fallbackIpv4Rdata = new BalancedAnswer(fallbackIpv4, 0).rdata();
    this.fallbackIpv6Rdata = new BalancedAnswer(fallbackIpv6, 0).rdata();
  }

  private static Step[] chain(PolicySpec p) {
    List<Step> steps = new ArrayList<>(7);
    steps.add(UpStep.INSTANCE);
    steps.add(FamilyStep.INSTANCE);
    if (!p.geofence().isEmpty()) {
      steps.add(GeofenceStep.INSTANCE);
    }
    if (p.capacity()) {
      steps.add(PlacementStep.INSTANCE); // the plan where it covers the client, else the capacity step
    }
    if (p.geo() || !p.priority().isEmpty()) {
      steps.add(RankingStep.INSTANCE);
    }
    if (p.weighted()) {
      steps.add(WeightedStep.INSTANCE);
    }
    return steps.toArray(new Step[0]);
  }

  private List<Record> fixedRecords(List<InetAddress> addresses, boolean v6, long ttl) {
    List<Record> out = new ArrayList<>();
    for (InetAddress a : addresses) {
      boolean isV4 = a instanceof Inet4Address;
      if (isV4 == v6 || containsAddress(out, a)) {
        continue;
      }
      out.add(isV4 ? new ARecord(owner, DClass.IN, ttl, a) : new AAAARecord(owner, DClass.IN, ttl, a));
    }
    return List.copyOf(out);
  }

  private List<Record> allRecords(boolean v6) {
    List<Record> out = new ArrayList<>();
    for (CompiledPool p : pools) {
      for (int i = 0; i < p.size(); i++) {
        if (p.family(i, v6) && !containsAddress(out, p.addresses[i])) {
          out.add(p.records[i]);
        }
      }
    }
    return List.copyOf(out);
  }

  private static boolean containsAddress(List<Record> records, InetAddress a) {
    for (Record r : records) {
      InetAddress have = r instanceof ARecord ar ? ar.getAddress() : ((AAAARecord) r).getAddress();
      if (have.equals(a)) {
        return true;
      }
    }
    return false;
  }

  /** The forward records for {@code nodes}, built once per publication. */
  ForwardRecords forwardRecords(ForwardNodes nodes) {
    ForwardRecords r = forwardRecords;
    if (r == null || r.nodes != nodes) {
      r = new ForwardRecords(nodes, owner, policy.ttl());
      forwardRecords = r;
    }
    return r;
  }

  boolean hasFamily(boolean v6) {
    return v6 ? hasIpv6 : hasIpv4;
  }

  List<Record> fallback(boolean v6) {
    return v6 ? fallbackIpv6 : fallbackIpv4;
  }

  List<byte[]> fallbackRdata(boolean v6) {
    return v6 ? fallbackIpv6Rdata : fallbackIpv4Rdata;
  }
}
