package io.aya.gslb.dns;

import io.aya.gslb.dnssec.ZoneSignatures;
import io.aya.gslb.policy.BalancedResolver;
import io.aya.gslb.zone.RecordTypes;
import io.aya.gslb.zone.ZoneSet;
import io.aya.gslb.zone.ZoneSetSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns the bytes of one query into the bytes of its response, independent of the transport: validation
 * ({@link WireQuery}), the answer ({@link ZoneAnswerer}), EDNS and ECS in the reply, truncation to the client's
 * size, metrics. Never throws: an unexpected exception becomes SERVFAIL, a counter and a rate-limited log line.
 *
 * <p>What a question renders to is kept per event-loop thread and snapshot ({@link ResponseCache}): a response
 * that is the same for every client is only patched per query; a balanced one has its balanced RRsets resolved
 * and encoded per query by {@link BalancedResponder}, the one path for balanced records.
 *
 * <p>Every query answered passes {@code answered} once, with the RCODE of its response: counted in the
 * metrics, and written to the sampled {@link QueryLog} when one is on and the query is sampled. Thread-safe.
 */
final class QueryProcessor {
  private static final Logger log = LoggerFactory.getLogger(QueryProcessor.class);
  private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;
  static final int MAX_TCP_MESSAGE = 65535;
  private static final int NO_EDNS_LIMIT = 512;

  private final ZoneSetSource zones;
  /** Null when this server offers no zone transfers (AXFR and IXFR are then REFUSED). */
  private final ZoneTransfers transfers;
  private final ZoneAnswerer answerer = new ZoneAnswerer();
  private final ChaosIdentity identity;
  private final ResponseWriter writer;
  private final BalancedResponder responder;
  /** Routes of DO=1 queries while a zone is signed; null when this server signs nothing. */
  private final SignedRoutes signed;
  private final DnsMetrics metrics;
  /** Null when the sampled query log is off (the default). */
  private final QueryLog queryLog;
  private final int advertisedPayload;
  private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
  private final FastThreadLocal<WireQuery> queries =
      new FastThreadLocal<>() {
        @Override
        protected WireQuery initialValue() {
          return new WireQuery();
        }
      };
  private final FastThreadLocal<ResponseCache> caches =
      new FastThreadLocal<>() {
        @Override
        protected ResponseCache initialValue() {
          return new ResponseCache();
        }
      };

  QueryProcessor(ZoneSetSource zones, BalancedResolver balanced, DnsMetrics metrics, int advertisedPayload) {
    this(zones, null, balanced, metrics, advertisedPayload);
  }

  QueryProcessor(ZoneSetSource zones, ZoneTransfers transfers, BalancedResolver balanced, DnsMetrics metrics,
      int advertisedPayload) {
    this(zones, transfers, balanced, metrics, advertisedPayload, ChaosIdentity.NONE);
  }

  QueryProcessor(ZoneSetSource zones, ZoneTransfers transfers, BalancedResolver balanced, DnsMetrics metrics,
      int advertisedPayload, ChaosIdentity identity) {
    this(zones, transfers, balanced, metrics, advertisedPayload, identity, null);
  }

  /** As the other constructors; DO=1 queries for zones that {@code signatures} signs get signed answers. */
  QueryProcessor(ZoneSetSource zones, ZoneTransfers transfers, BalancedResolver balanced, DnsMetrics metrics,
      int advertisedPayload, ChaosIdentity identity, ZoneSignatures signatures) {
    this(zones, transfers, balanced, metrics, advertisedPayload, identity, signatures, null);
  }

  /** As the other constructors; a sample of the answered queries is logged to {@code queryLog} (null: none). */
  QueryProcessor(ZoneSetSource zones, ZoneTransfers transfers, BalancedResolver balanced, DnsMetrics metrics,
      int advertisedPayload, ChaosIdentity identity, ZoneSignatures signatures, QueryLog queryLog) {
    // dnsjava's type table is not synchronized: the added types are registered before any query reads it
    RecordTypes.register();
    this.identity = identity;
    this.zones = zones;
    this.transfers = transfers;
    this.writer = new ResponseWriter(advertisedPayload);
    this.responder = new BalancedResponder(balanced, new BalancedRrsetEncoder(), writer);
    this.signed = signatures == null ? null : new SignedRoutes(answerer, signatures);
    this.metrics = metrics;
    this.queryLog = queryLog;
    this.advertisedPayload = advertisedPayload;
  }

  /**
   * @param query the query message (reader index to writer index); not released here
   * @param peer the address the query came from
   * @param tcp true over TCP: no 512/EDNS size limit, and the result carries the RFC 1035 §4.2.2 length prefix
   * @return the response to send, or null when nothing must be sent
   */
  ByteBuf process(ByteBuf query, InetAddress peer, boolean tcp, ByteBufAllocator alloc) {
    long start = System.nanoTime();
    WireQuery q = queries.get();
    int typeIndex = DnsMetrics.TYPE_NONE;
    QueryLog.Entry sampled = null;
    try {
      DecodeOutcome decoded = q.decode(query);
      if (decoded == DecodeOutcome.DROP) {
        metrics.error(DnsMetrics.Error.DROPPED);
        return null;
      }
      if (queryLog != null) {
        sampled = queryLog.sample(q, peer, tcp);
      }
      if (decoded == DecodeOutcome.FORMERR || decoded == DecodeOutcome.NOTIMP) {
        int rcode = decoded == DecodeOutcome.FORMERR ? Rcode.FORMERR : Rcode.NOTIMP;
        if (decoded == DecodeOutcome.FORMERR) {
          metrics.error(DnsMetrics.Error.MALFORMED);
        }
        answered(typeIndex, rcode, start, q, sampled);
        return ResponseWriter.headerOnly(query, rcode, tcp, alloc);
      }
      int qtype = q.qtype();
      typeIndex = DnsMetrics.typeIndex(qtype);
      q.peer(peer);
      int limit =
          tcp
              ? MAX_TCP_MESSAGE
              : q.hasOpt() ? Math.min(Math.max(NO_EDNS_LIMIT, q.udpPayload()), advertisedPayload) : NO_EDNS_LIMIT;
      if (decoded == DecodeOutcome.NOTIMP_PARSED) {
        // RFC 6891 §7: the query had a readable OPT (or none), so the reply echoes question and OPT
        q.withoutEcs();
        answered(typeIndex, Rcode.NOTIMP, start, q, sampled);
        return respondWithoutAnswer(q, Rcode.NOTIMP, limit, tcp, alloc);
      }
      if (q.hasOpt() && q.ednsVersion() > 0) {
        // RFC 6891 §6.1.3: we speak EDNS version 0 only
        q.withoutEcs();
        answered(typeIndex, Rcode.BADVERS, start, q, sampled);
        return respondWithoutAnswer(q, Rcode.BADVERS, limit, tcp, alloc);
      }
      if (decoded == DecodeOutcome.FORMERR_OPTION) {
        // RFC 7871 §7.1.1: a malformed client-subnet option is FORMERR; the OPT itself was fine (RFC 6891 §7)
        q.withoutEcs();
        metrics.error(DnsMetrics.Error.MALFORMED);
        answered(typeIndex, Rcode.FORMERR, start, q, sampled);
        return respondWithoutAnswer(q, Rcode.FORMERR, limit, tcp, alloc);
      }
      int qclass = q.qclass();
      if (transfers != null && !tcp && qclass == DClass.IN && (qtype == Type.AXFR || qtype == Type.IXFR)) {
        // over TCP the connection streams transfers (TcpQueryHandler); over UDP AXFR is undefined (RFC 5936 §4.2)
        if (qtype == Type.AXFR) {
          answered(typeIndex, Rcode.FORMERR, start, q, sampled);
          return respondWithoutAnswer(q, Rcode.FORMERR, limit, tcp, alloc);
        }
        byte[] reply = transfers.overUdp(wireOf(query), peer, limit);
        answered(typeIndex, reply.length > 3 ? reply[3] & 0xF : Rcode.SERVFAIL, start, q, sampled);
        return alloc.buffer(reply.length).writeBytes(reply);
      }
      if (transfers != null && q.signed()) {
        // RFC 8945 §5.3: a signed query gets a signed reply (secondaries sign their SOA queries)
        byte[] reply = transfers.signedQuery(wireOf(query), peer, limit);
        answered(typeIndex, reply.length > 3 ? reply[3] & 0xF : Rcode.SERVFAIL, start, q, sampled);
        return tcp ? alloc.buffer(reply.length + 2).writeShort(reply.length).writeBytes(reply)
            : alloc.buffer(reply.length).writeBytes(reply);
      }
      if (qclass == DClass.CH && identity.id() != null) {
        ByteBuf out = chaos(q, limit, tcp, alloc);
        if (out != null) {
          answered(typeIndex, Rcode.NOERROR, start, q, sampled);
          return out;
        }
      }
      if (qclass != DClass.IN || qtype == Type.AXFR || qtype == Type.IXFR) {
        // zone transfer is not offered here; other classes are not served
        answered(typeIndex, Rcode.REFUSED, start, q, sampled);
        return respondWithoutAnswer(q, Rcode.REFUSED, limit, tcp, alloc);
      }
      ZoneSet zs = zones.current();
      if (zs == null) {
        zs = ZoneSet.EMPTY;
      }
      CachedRoute route = q.dnssecOk() && zs.signed() && signed != null ? signed.route(zs, q) : null;
      if (route == null) {
        ResponseCache cache = caches.get();
        route = cache.get(zs, q);
        if (route == null) {
          route = render(zs, q, cache);
        }
      }
      if (route instanceof BalancedRoute balanced) {
        ByteBuf out = responder.respond(balanced, q, limit, tcp, alloc, sampled);
        answered(typeIndex, Rcode.NOERROR, start, q, sampled);
        return out;
      }
      RenderedResponse rendered = (RenderedResponse) route;
      byte[] wire = rendered.wire();
      ByteBuf out = writer.patched(wire, q, 0, 0, limit, tcp, alloc);
      if (out == null) {
        out = writer.truncated(wire, q, 0, rendered.glue(), limit, tcp, alloc);
      }
      answered(typeIndex, wire[3] & 0xF, start, q, sampled);
      return out;
    } catch (Exception e) {
      metrics.error(DnsMetrics.Error.INTERNAL);
      long now = System.nanoTime();
      long last = lastLog.get();
      if (now - last >= LOG_INTERVAL_NANOS && lastLog.compareAndSet(last, now)) {
        log.warn("Answering a query failed; answered SERVFAIL (further failures logged at most every 10 s)", e);
      }
      answered(typeIndex, Rcode.SERVFAIL, start, q, sampled);
      return ResponseWriter.headerOnly(query, Rcode.SERVFAIL, tcp, alloc);
    }
  }

  /** The one place an answered query is counted and, when sampled, logged; {@code rcode} as sent. */
  private void answered(int typeIndex, int rcode, long start, WireQuery q, QueryLog.Entry sampled) {
    metrics.query(typeIndex, rcode, start);
    if (sampled != null) {
      sampled.write(q, rcode);
    }
  }

  private static byte[] wireOf(ByteBuf query) {
    byte[] wire = new byte[query.readableBytes()];
    query.getBytes(query.readerIndex(), wire);
    return wire;
  }

  static Message newResponse(WireQuery q) throws java.io.IOException {
    Name qname = new Name(java.util.Arrays.copyOf(q.name(), q.nameLength()));
    Message m = new Message(q.id());
    Header h = m.getHeader();
    h.setFlag(Flags.QR);
    h.setOpcode(q.opcode());
    if (q.rd()) {
      h.setFlag(Flags.RD);
    }
    if (q.cd()) {
      h.setFlag(Flags.CD);
    }
    m.addRecord(Record.newRecord(qname, q.qtype(), q.qclass()), Section.QUESTION);
    return m;
  }

  /** CH TXT id.server./hostname.bind. (RFC 4892): the node's id; null for any other CH name (then REFUSED). */
  private ByteBuf chaos(WireQuery q, int limit, boolean tcp, ByteBufAllocator alloc) throws java.io.IOException {
    Message m = newResponse(q);
    Name qname = m.getQuestion().getName();
    if (!identity.answers(qname)) {
      return null;
    }
    m.getHeader().setFlag(Flags.AA);
    if (ChaosIdentity.wantsText(q.qtype())) {
      m.addRecord(identity.record(qname), Section.ANSWER);
    }
    ByteBuf out = writer.patched(m.toWire(), q, 0, 0, limit, tcp, alloc);
    return out != null ? out : ResponseWriter.headerOnly(q.id(), q.flags(), Rcode.NOERROR, tcp, alloc);
  }

  /** A response with the question and no records (REFUSED, BADVERS), plus OPT when the query had one. */
  private ByteBuf respondWithoutAnswer(WireQuery q, int rcode, int limit, boolean tcp, ByteBufAllocator alloc)
      throws java.io.IOException {
    Message m = newResponse(q);
    m.getHeader().setRcode(rcode & 0xF);
    ByteBuf out = writer.patched(m.toWire(), q, rcode >>> 4, 0, limit, tcp, alloc);
    return out != null ? out : ResponseWriter.headerOnly(q.id(), q.flags(), rcode & 0xF, tcp, alloc);
  }

  /**
   * Answers the question from the zones through dnsjava, once per snapshot and question (the result goes into
   * the cache): static records as bytes, balanced RRsets as slots that {@link BalancedResponder} fills per query.
   */
  private CachedRoute render(ZoneSet zs, WireQuery q, ResponseCache cache) throws java.io.IOException {
    Message m = newResponse(q);
    ZoneAnswerer.Outcome o = new ZoneAnswerer.Outcome();
    answerer.answer(zs, m.getQuestion().getName(), q.qtype(), m, o);
    Header h = m.getHeader();
    h.setRcode(o.rcode);
    if (o.authoritative && o.rcode != Rcode.REFUSED) {
      h.setFlag(Flags.AA);
    }
    CachedRoute route = RouteRenderer.render(m, o);
    if (o.rcode != Rcode.REFUSED) {
      // names outside our zones are not kept: a flood of them would only churn the cache
      cache.put(zs, q, route);
    }
    return route;
  }
}
