package io.aya.gslb.policy;

import io.aya.gslb.zone.Endpoint;
import io.aya.gslb.zone.Pool;
import io.aya.gslb.zone.PoolMember;
import io.aya.gslb.zone.Region;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * One pool of a balanced name prepared for the answer path: pre-built records, endpoint keys, weights and
 * the region's coordinates in radians. Members keep their zone order. Immutable, thread-safe.
 */
final class CompiledPool {
  final Pool source;
  final Region region;
  final String regionName;
  final double latRad;
  final double lonRad;
  final double cosLat;
  final int upThreshold;
  /** Per member, in zone order. */
  final Record[] records;

  final InetAddress[] addresses;
  /** Endpoint keys, or null when the pool has no check (static: always up). */
  final String[] keys;

  final int[] weights;
  final boolean[] ipv4;
  final long[] memberSalts;
  /** Per member: the record's RDATA (address bytes), for the wire writer. */
  final byte[][] rdata;

  /** {@code List.of(records[i])}, so a one-address answer allocates no list. */
  final List<List<Record>> singletons;

  /** {@code List.of(rdata[i])}, likewise. */
  final List<List<byte[]>> rdataSingletons;

  /** Per-region salts for the capacity and weighted hashes. */
  final long capacitySalt;

  final long weightSalt;

  CompiledPool(Pool pool, String zone, Name owner, long ttl) {
    this.source = pool;
    this.region = pool.region();
    this.regionName = region.name();
    this.latRad = Math.toRadians(region.latitude());
    this.lonRad = Math.toRadians(region.longitude());
    this.cosLat = Math.cos(latRad);
    this.upThreshold = pool.upThreshold();
    int n = pool.members().size();
    this.records = new Record[n];
    this.addresses = new InetAddress[n];
    this.keys = pool.check() == null ? null : new String[n];
    this.weights = new int[n];
    this.ipv4 = new boolean[n];
    this.memberSalts = new long[n];
    this.rdata = new byte[n][];
    List<List<Record>> singles = new ArrayList<>(n);
    List<List<byte[]>> rdataSingles = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      PoolMember m = pool.members().get(i);
      addresses[i] = m.address();
      ipv4[i] = m.isIpv4();
      weights[i] = m.weight();
      records[i] =
          m.isIpv4()
              ? new ARecord(owner, DClass.IN, ttl, m.address())
              : new AAAARecord(owner, DClass.IN, ttl, m.address());
      if (keys != null) {
        keys[i] = Endpoint.keyOf(zone, pool.check().name(), m.address());
      }
      memberSalts[i] = ClientHash.salt(m.address(), ClientHash.MEMBER_SEED);
      rdata[i] = BalancedAnswer.rdataOf(records[i]);
      singles.add(List.of(records[i]));
      rdataSingles.add(List.of(rdata[i]));
    }
    this.singletons = List.copyOf(singles);
    this.rdataSingletons = List.copyOf(rdataSingles);
    this.capacitySalt = ClientHash.salt(regionName, ClientHash.CAPACITY_SEED);
    this.weightSalt = ClientHash.salt(regionName, ClientHash.REGION_SEED);
  }

  int size() {
    return records.length;
  }

  /** True when member {@code i} has the address family of the query. */
  boolean family(int i, boolean v6) {
    return ipv4[i] != v6;
  }
}
