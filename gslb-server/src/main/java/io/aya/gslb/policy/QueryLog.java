package io.aya.gslb.policy;

import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Type;

/**
 * The sampled query log ({@code query-log-sample N}): one balanced answer in every {@code N} (per answering
 * thread) is logged at INFO on the logger {@code aya.querylog} with the client, the name, the type, the
 * region chosen and the outcome. Off by default: the engine then holds no log and does nothing per query.
 * An unsampled query costs one decrement of a per-thread counter. Thread-safe.
 */
public final class QueryLog {
  private static final Logger log = LoggerFactory.getLogger("aya.querylog");

  private final int every;

  /** @param every log one answer in this many, 1..1000000 */
  public QueryLog(int every) {
    if (every < 1 || every > 1_000_000) {
      throw new IllegalArgumentException("query-log-sample: " + every + " (expected: 1..1000000)");
    }
    this.every = every;
  }

  public int every() {
    return every;
  }

  /** True for one call in {@link #every} on this selection's thread. */
  boolean sample(Selection sel) {
    if (--sel.queryLogCountdown > 0) {
      return false;
    }
    sel.queryLogCountdown = every;
    return true;
  }

  /** Logs the answer a selection reached (called for sampled queries only). */
  void write(CompiledName c, int qtype, InetAddress client, int sourcePrefix, Selection sel) {
    String region;
    String outcome;
    if (sel.fallback) {
      region = AnswerMeters.NONE;
      outcome = sel.fallbackRecords.isEmpty() ? "nodata" : "fallback";
    } else if (sel.pickedCount > 0 && sel.count > 0) {
      region = c.pools[sel.order[0]].regionName;
      outcome = "region";
    } else {
      region = AnswerMeters.NONE;
      outcome = "nodata";
    }
    log.info("query client={}/{} qname={} qtype={} region={} outcome={} answers={} rcode=NOERROR",
        io.aya.gslb.zone.AddressText.of(client), sourcePrefix, c.owner, Type.string(qtype), region, outcome,
        sel.fallback ? sel.fallbackRecords.size() : sel.pickedCount);
  }
}
