package io.aya.gslb.dns;

import io.aya.gslb.zone.AddressText;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetAddress;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The sampled query log ({@code query-log-sample N}, docs/operations.md): one answered query in every {@code N},
 * counted per answering thread, is logged at INFO on the logger {@code aya.querylog} with what the server
 * answered, whatever the answer was (static records, balanced ones, NXDOMAIN, NODATA, REFUSED, FORMERR...):
 *
 * <pre>query client=192.0.2.7 ecs=81.2.69.0/24 transport=udp qname=www.example.com. qtype=A rcode=NOERROR region=eu-west</pre>
 *
 * {@code client} is the transport peer (RFC 5952 text for IPv6), {@code ecs} the client subnet the query
 * carried (RFC 7871: address and source prefix as sent) or {@code -}, {@code qname} as the client spelled it
 * ({@code -} when the question could not be read), {@code rcode} the response's (extended) RCODE and
 * {@code region} the region a balanced answer was taken from ({@code -} for any other answer, and for a
 * balanced name's NODATA or {@code fallback=} records).
 *
 * <p>Off by default: the server then holds no log, and a query costs a null check. An unsampled query
 * costs a decrement of a per-thread counter and allocates nothing; only a sampled one builds its text.
 * Thread-safe; each {@link Entry} is confined to its event-loop thread.
 */
public final class QueryLog {
  private static final Logger log = LoggerFactory.getLogger("aya.querylog");
  private static final String NONE = "-";

  private final int every;
  private final FastThreadLocal<Entry> entries =
      new FastThreadLocal<>() {
        @Override
        protected Entry initialValue() {
          return new Entry();
        }
      };

  /** @param every log one answered query in this many (per thread), 1..1000000 */
  public QueryLog(int every) {
    if (every < 1 || every > 1_000_000) {
      throw new IllegalArgumentException("query-log-sample: " + every + " (expected: 1..1000000)");
    }
    this.every = every;
  }

  public int every() {
    return every;
  }

  /**
   * Called once per query, once it is decoded and before anything answers it (or strips its client-subnet
   * option): this thread's entry, started with the query's client, when the query is the one in {@link #every}
   * on this thread; else null.
   */
  Entry sample(QueryEcho q, InetAddress peer, boolean tcp) {
    Entry e = entries.get();
    if (--e.countdown > 0) {
      return null;
    }
    e.countdown = every;
    e.client = AddressText.of(peer);
    e.ecs = ecsText(q);
    e.tcp = tcp;
    e.region = null;
    return e;
  }

  /** {@code ADDRESS/SOURCE} of the query's client-subnet option as sent, or {@code -} without one. */
  private static String ecsText(QueryEcho q) {
    int length = q.ecsLength();
    if (length < 4) {
      return NONE;
    }
    byte[] option = q.ecsOption();
    int family = ((option[0] & 0xFF) << 8) | (option[1] & 0xFF);
    byte[] address = Arrays.copyOfRange(option, 4, family == 1 ? 8 : 20);
    Arrays.fill(address, Math.min(length - 4, address.length), address.length, (byte) 0);
    return AddressText.of(address) + "/" + (option[2] & 0xFF);
  }

  /** The question name as text, or {@code -} when it was not read (a FORMERR without a question). */
  private static String qnameText(WireQuery q) {
    if (q.nameLength() == 0) {
      return NONE;
    }
    try {
      return new Name(Arrays.copyOf(q.name(), q.nameLength())).toString();
    } catch (java.io.IOException e) {
      return NONE;
    }
  }

  /** One sampled query on its way through the answer path. Confined to its thread; reused. */
  static final class Entry {
    /** Queries left on this thread until the next sampled one; the first query of a thread is sampled. */
    private int countdown = 1;
    private String client;
    private String ecs;
    private boolean tcp;
    private String region;

    /** The region the query's balanced answer was taken from (null: none). */
    void region(String name) {
      region = name;
    }

    /** Logs the query with the RCODE of its response (extended RCODEs included, e.g. BADVERS). */
    void write(WireQuery q, int rcode) {
      String qtype = q.nameLength() == 0 ? NONE : Type.string(q.qtype());
      log.info("query client={} ecs={} transport={} qname={} qtype={} rcode={} region={}",
          client, ecs, tcp ? "tcp" : "udp", qnameText(q), qtype, Rcode.string(rcode), region == null ? NONE : region);
      client = null;
      ecs = null;
      region = null;
    }
  }
}
