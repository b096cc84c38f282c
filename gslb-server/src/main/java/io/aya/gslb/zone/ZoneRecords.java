package io.aya.gslb.zone;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A zone as the records a secondary receives (RFC 5936): every static record (RRSIGs included) and the
 * {@link StaticFallback} of each balanced name. GSLB constructs never appear, nor the key records a {@code $DNSSEC}
 * zone's signer publishes (transfers carry the unsigned static part, docs/dnssec.md). The apex SOA is left out: zone
 * transfers frame the content with it. Stateless.
 */
public final class ZoneRecords {
  private ZoneRecords() {}

  /** The records at one node, without the SOA; empty for an empty non-terminal. */
  public static List<Record> at(ZoneNode node) {
    if (node.isEmpty()) {
      return List.of();
    }
    List<Record> out = new ArrayList<>();
    for (RRset set : node.rrsets().values()) {
      if (node.isSignerKeyType(set.getType())) {
        continue;
      }
      if (set.getType() != Type.SOA) {
        out.addAll(set.rrs(false));
      }
      out.addAll(set.sigs());
    }
    if (node.balanced() != null) {
      out.addAll(StaticFallback.records(node.balanced()));
    }
    return out;
  }

  /** Every record of the zone but its SOA, node by node, produced lazily (a big zone is never copied). */
  public static Iterator<Record> all(Zone zone) {
    Iterator<ZoneNode> nodes = zone.nodes().iterator();
    return new Iterator<>() {
      private Iterator<Record> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext()) {
          if (!nodes.hasNext()) {
            return false;
          }
          current = at(nodes.next()).iterator();
        }
        return true;
      }

      @Override
      public Record next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }
}
