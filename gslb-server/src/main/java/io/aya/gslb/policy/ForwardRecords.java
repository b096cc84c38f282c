package io.aya.gslb.policy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * A forwarded name's answer records for one {@link ForwardNodes} publication: per region the A and AAAA
 * records of its nodes' forward addresses, owned by the name with the policy's TTL, with their RDATA and
 * one-record lists pre-built like {@link CompiledPool}'s. Built off the hot path once per publication
 * (membership changes); immutable.
 */
final class ForwardRecords {
  final ForwardNodes nodes;
  private final Map<String, Family[]> byRegion = new HashMap<>();

  /** One region's records of one family. */
  static final class Family {
    final Record[] records;
    final InetAddress[] addresses;
    final byte[][] rdata;
    final long[] salts;
    final List<List<Record>> singletons = new ArrayList<>();
    final List<List<byte[]>> rdataSingletons = new ArrayList<>();

    Family(Name owner, long ttl, List<InetAddress> as) {
      int n = as.size();
      records = new Record[n];
      addresses = new InetAddress[n];
      rdata = new byte[n][];
      salts = new long[n];
      for (int i = 0; i < n; i++) {
        InetAddress a = as.get(i);
        addresses[i] = a;
        records[i] = a instanceof Inet4Address ? new ARecord(owner, DClass.IN, ttl, a) : new AAAARecord(owner, DClass.IN, ttl, a);
        rdata[i] = BalancedAnswer.rdataOf(records[i]);
        salts[i] = ClientHash.salt(a, ClientHash.MEMBER_SEED);
        singletons.add(List.of(records[i]));
        rdataSingletons.add(List.of(rdata[i]));
      }
    }

    int size() {
      return records.length;
    }
  }

  ForwardRecords(ForwardNodes nodes, Name owner, long ttl) {
    this.nodes = nodes;
    for (Map.Entry<String, List<InetAddress>> e : nodes.byRegion().entrySet()) {
      List<InetAddress> v4 = new ArrayList<>();
      List<InetAddress> v6 = new ArrayList<>();
      for (InetAddress a : e.getValue()) {
        (a instanceof Inet4Address ? v4 : v6).add(a);
      }
      byRegion.put(e.getKey(), new Family[] {new Family(owner, ttl, v4), new Family(owner, ttl, v6)});
    }
  }

  /** The region's forward records of the family, or null when it has none. */
  Family family(String region, boolean v6) {
    Family[] f = byRegion.get(region);
    if (f == null) {
      return null;
    }
    Family fam = f[v6 ? 1 : 0];
    return fam.size() == 0 ? null : fam;
  }
}
