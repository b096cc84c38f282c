package io.aya.gslb.dns;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The engine's meters: {@code aya.dns.queries{rcode,qtype}}, {@code aya.dns.answer.latency} (a histogram)
 * and {@code aya.dns.errors{reason}}. Counters are created on first use and kept in arrays indexed by small integers, so a
 * query allocates no tags. Thread-safe without locks (a racing first use registers the same meter twice, which
 * Micrometer resolves to one).
 */
final class DnsMetrics {
  /** Query types with their own tag value; everything else is {@code OTHER}, unparsed questions {@code NONE}. */
  private static final int[] TYPES = {
    Type.A, Type.AAAA, Type.CNAME, Type.MX, Type.NS, Type.SOA, Type.TXT, Type.SRV, Type.PTR, Type.CAA, Type.DS,
    Type.DNSKEY, Type.HTTPS, Type.SVCB, Type.NAPTR, Type.ANY, Type.AXFR, Type.IXFR
  };
  private static final int TYPE_OTHER = TYPES.length;
  static final int TYPE_NONE = TYPES.length + 1;
  private static final int[] RCODES = {
    Rcode.NOERROR, Rcode.FORMERR, Rcode.SERVFAIL, Rcode.NXDOMAIN, Rcode.NOTIMP, Rcode.REFUSED, Rcode.BADVERS
  };
  private static final int RCODE_OTHER = RCODES.length;

  enum Error {
    /** Not answered: shorter than a header or a response. */
    DROPPED("dropped"),
    /** Answered FORMERR. */
    MALFORMED("malformed"),
    /** An unexpected exception, answered SERVFAIL. */
    INTERNAL("internal"),
    /** A TCP connection closed on accept: its client network holds as many connections as it may. */
    TCP_LIMIT("tcp_limit"),
    /** An open TCP connection closed to admit a new one at the connection limit (the longest idle). */
    TCP_EVICTED("tcp_evicted"),
    /** A TCP connection closed because a message did not arrive whole within the frame timeout. */
    TCP_FRAME_TIMEOUT("tcp_frame_timeout"),
    /** A TCP connection closed for a zero-length frame or idleness. */
    TCP_CLOSED("tcp_closed");

    final String tag;

    Error(String tag) {
      this.tag = tag;
    }
  }

  /** Histogram buckets of the answer latency (Prometheus {@code le}), so p99 comes from the server side. */
  private static final java.time.Duration[] LATENCY_BUCKETS = {
    java.time.Duration.ofNanos(25_000), java.time.Duration.ofNanos(50_000), java.time.Duration.ofNanos(100_000),
    java.time.Duration.ofNanos(250_000), java.time.Duration.ofNanos(500_000), java.time.Duration.ofMillis(1),
    java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(25), java.time.Duration.ofMillis(100)
  };

  private final MeterRegistry registry;
  private final AtomicReferenceArray<Counter> queries =
      new AtomicReferenceArray<>((TYPES.length + 2) * (RCODES.length + 1));
  private final Counter[] errors = new Counter[Error.values().length];
  private final Timer latency;
  private final Counter rrlDropped;
  private final Counter rrlSlipped;

  DnsMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Error e : Error.values()) {
      errors[e.ordinal()] =
          Counter.builder("aya.dns.errors")
              .tag("reason", e.tag)
              .description("DNS queries or connections in error")
              .register(registry);
    }
    this.rrlDropped = Counter.builder("aya.dns.rrl").tag("action", "dropped")
        .description("UDP responses over the response rate limit, dropped or sent truncated").register(registry);
    this.rrlSlipped = Counter.builder("aya.dns.rrl").tag("action", "slipped")
        .description("UDP responses over the response rate limit, dropped or sent truncated").register(registry);
    this.latency =
        Timer.builder("aya.dns.answer.latency")
            .description("Time from a decoded query to its encoded answer")
            .serviceLevelObjectives(LATENCY_BUCKETS)
            .register(registry);
  }

  static int typeIndex(int qtype) {
    for (int i = 0; i < TYPES.length; i++) {
      if (TYPES[i] == qtype) {
        return i;
      }
    }
    return TYPE_OTHER;
  }

  void query(int typeIndex, int rcode, long startNanos) {
    int r = RCODE_OTHER;
    for (int i = 0; i < RCODES.length; i++) {
      if (RCODES[i] == rcode) {
        r = i;
        break;
      }
    }
    int slot = typeIndex * (RCODES.length + 1) + r;
    Counter c = queries.get(slot);
    if (c == null) {
      c =
          Counter.builder("aya.dns.queries")
              .tag("qtype", typeTag(typeIndex))
              .tag("rcode", r == RCODE_OTHER ? "OTHER" : Rcode.string(RCODES[r]))
              .description("DNS queries answered, by response code and query type")
              .register(registry);
      queries.set(slot, c);
    }
    c.increment();
    latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  /** One response over the rate limit: sent truncated ({@code slipped}) or dropped. */
  void rrl(boolean slipped) {
    (slipped ? rrlSlipped : rrlDropped).increment();
  }

  void error(Error e) {
    errors[e.ordinal()].increment();
  }

  private static String typeTag(int typeIndex) {
    if (typeIndex == TYPE_OTHER) {
      return "OTHER";
    }
    if (typeIndex == TYPE_NONE) {
      return "NONE";
    }
    return Type.string(TYPES[typeIndex]);
  }
}
