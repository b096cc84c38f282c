package io.aya.gslb.zone;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * The records to delete and to add to go from one version of a zone to the next, as IXFR carries them (RFC
 * 1995 §4), SOA excluded. Records are equal when their name, type, class, data and TTL are. Immutable.
 */
public record ZoneDiff(List<Record> deleted, List<Record> added) {
  public ZoneDiff {
    deleted = List.copyOf(deleted);
    added = List.copyOf(added);
  }

  public boolean isEmpty() {
    return deleted.isEmpty() && added.isEmpty();
  }

  public int size() {
    return deleted.size() + added.size();
  }

  /** From {@code from} to {@code to}, comparing node by node (the nodes whose packed data are equal are skipped unbuilt). */
  public static ZoneDiff between(Zone from, Zone to) {
    List<Record> deleted = new ArrayList<>();
    List<Record> added = new ArrayList<>();
    for (ZoneNode n : to.nodesChangedFrom(from)) {
      ZoneNode old = from.node(n.name());
      if (old != null && old.sameData(n)) {
        continue; // most nodes of a big zone: compared without building their records
      }
      List<Record> now = ZoneRecords.at(n);
      List<Record> before = old == null ? List.of() : ZoneRecords.at(old);
      compare(before, now, deleted, added);
    }
    for (ZoneNode old : from.nodesChangedFrom(to)) {
      if (to.node(old.name()) == null) {
        deleted.addAll(ZoneRecords.at(old));
      }
    }
    return new ZoneDiff(deleted, added);
  }

  /** True when the two versions differ in anything a secondary would receive, apart from the SOA serial. */
  public static boolean sameContent(Zone a, Zone b) {
    SOARecord x = a.soa();
    SOARecord y = b.soa();
    boolean soaSame = x.getTTL() == y.getTTL() && x.getHost().equals(y.getHost()) && x.getAdmin().equals(y.getAdmin())
        && x.getRefresh() == y.getRefresh() && x.getRetry() == y.getRetry() && x.getExpire() == y.getExpire()
        && x.getMinimum() == y.getMinimum();
    return soaSame && between(a, b).isEmpty();
  }

  private static void compare(List<Record> before, List<Record> now, List<Record> deleted, List<Record> added) {
    if (before.isEmpty() || now.isEmpty()) {
      deleted.addAll(before);
      added.addAll(now);
      return;
    }
    Set<Keyed> old = new HashSet<>();
    for (Record r : before) {
      old.add(new Keyed(r));
    }
    Set<Keyed> fresh = new HashSet<>();
    for (Record r : now) {
      Keyed k = new Keyed(r);
      fresh.add(k);
      if (!old.contains(k)) {
        added.add(r);
      }
    }
    for (Keyed k : old) {
      if (!fresh.contains(k)) {
        deleted.add(k.record());
      }
    }
  }

  /** A record compared with its TTL (dnsjava's {@code Record.equals} ignores the TTL). */
  private record Keyed(Record record) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Keyed k && k.record.equals(record) && k.record.getTTL() == record.getTTL();
    }

    @Override
    public int hashCode() {
      return record.hashCode();
    }
  }
}
