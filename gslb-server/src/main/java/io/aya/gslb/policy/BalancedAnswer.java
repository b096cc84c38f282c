package io.aya.gslb.policy;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Record;

/**
 * The records a balanced name answers for one client, and the ECS scope they are valid for.
 *
 * @param records A or AAAA records owned by the balanced name (empty: NODATA)
 * @param scopePrefix ECS scope prefix length to put in the reply (RFC 7871), 0 when the answer did not depend
 *     on the client's location
 * @param rdata the RDATA of each record, in the same order (the 4 or 16 address bytes), pre-encoded so that
 *     the wire writer renders an answer without asking dnsjava for an {@code InetAddress} per record (which
 *     builds the owner name's string each time); the arrays must not be modified
 * @param region the region the records were taken from (the first one answered), for the sampled query log;
 *     null when no region answered (NODATA, the name's {@code fallback=} records)
 */
public record BalancedAnswer(List<Record> records, int scopePrefix, List<byte[]> rdata, String region) {
  public BalancedAnswer {
    if (records.size() != rdata.size()) {
      throw new IllegalArgumentException(
          "rdata: " + rdata.size() + " entries (expected: one per record, " + records.size() + ")");
    }
  }

  /** An answer that names no region. */
  public BalancedAnswer(List<Record> records, int scopePrefix, List<byte[]> rdata) {
    this(records, scopePrefix, rdata, null);
  }

  /** An answer that names no region, its RDATA derived from the records (off the answer path: allocates). */
  public BalancedAnswer(List<Record> records, int scopePrefix) {
    this(records, scopePrefix, rdataOf(records), null);
  }

  /** The RDATA of a record as it goes on the wire (for A and AAAA: the 4 or 16 address bytes). */
  static byte[] rdataOf(Record r) {
    return r.rdataToWireCanonical();
  }

  private static List<byte[]> rdataOf(List<Record> records) {
    List<byte[]> out = new ArrayList<>(records.size());
    for (Record r : records) {
      out.add(rdataOf(r));
    }
    return List.copyOf(out);
  }
}
