package io.aya.gslb.dns;

import io.aya.gslb.policy.BalancedResolver;
import io.aya.gslb.zone.ZoneSet;
import io.aya.gslb.zone.ZoneSetSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns the bytes of one query into the bytes of its response, independent of the transport: validation
 * ({@link WireQuery}), the answer ({@link ZoneAnswerer}), EDNS and ECS in the reply, truncation to the client's
 * size, metrics. Never throws: an unexpected exception becomes SERVFAIL, a counter and a rate-limited log line.
 *
 * <p>Responses that do not depend on the client are kept rendered per event-loop thread ({@link
 * ResponseCache}) and only patched per query. Thread-safe.
 */
final class QueryProcessor {
  private static final Logger log = LoggerFactory.getLogger(QueryProcessor.class);
  private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;
  static final int MAX_TCP_MESSAGE = 65535;
  private static final int NO_EDNS_LIMIT = 512;

  private final ZoneSetSource zones;
  private final ZoneAnswerer answerer;
  private final DnsMetrics metrics;
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
    this.zones = zones;
    this.answerer = new ZoneAnswerer(balanced);
    this.metrics = metrics;
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
    try {
      int status = q.decode(query);
      if (status == WireQuery.DROP) {
        metrics.error(DnsMetrics.Error.DROPPED);
        return null;
      }
      if (status != WireQuery.OK) {
        int rcode = status == WireQuery.FORMERR ? Rcode.FORMERR : Rcode.NOTIMP;
        if (status == WireQuery.FORMERR) {
          metrics.error(DnsMetrics.Error.MALFORMED);
        }
        metrics.query(typeIndex, rcode, start);
        return headerOnly(query, rcode, tcp, alloc);
      }
      typeIndex = DnsMetrics.typeIndex(q.qtype);
      q.peer = peer;
      int limit = tcp ? MAX_TCP_MESSAGE : q.hasOpt ? Math.min(Math.max(NO_EDNS_LIMIT, q.udpPayload), advertisedPayload) : NO_EDNS_LIMIT;
      if (q.hasOpt && q.ednsVersion > 0) {
        // RFC 6891 §6.1.3: we speak EDNS version 0 only
        metrics.query(typeIndex, Rcode.BADVERS, start);
        return respondWithoutAnswer(q, Rcode.BADVERS, limit, tcp, alloc);
      }
      if (q.qclass != DClass.IN || q.qtype == Type.AXFR || q.qtype == Type.IXFR) {
        // zone transfer is not offered (over UDP or TCP); other classes are not served
        metrics.query(typeIndex, Rcode.REFUSED, start);
        return respondWithoutAnswer(q, Rcode.REFUSED, limit, tcp, alloc);
      }
      ZoneSet zs = zones.current();
      if (zs == null) {
        zs = ZoneSet.EMPTY;
      }
      ResponseCache cache = caches.get();
      byte[] cached = cache.get(zs, q);
      if (cached != null) {
        ByteBuf out = emit(cached, q, 0, 0, limit, tcp, alloc);
        if (out != null) {
          metrics.query(typeIndex, cached[3] & 0xF, start);
          return out;
        }
      }
      Message m = newResponse(q);
      ZoneAnswerer.Outcome o = new ZoneAnswerer.Outcome();
      answerer.answer(zs, m.getQuestion().getName(), q.qtype, q, m, o);
      Header h = m.getHeader();
      h.setRcode(o.rcode);
      if (o.authoritative && o.rcode != Rcode.REFUSED) {
        h.setFlag(Flags.AA);
      }
      byte[] full = m.toWire();
      if (!o.clientDependent && o.rcode != Rcode.REFUSED) {
        cache.put(zs, q, full);
      }
      int scope = o.clientDependent ? o.scopePrefix : 0;
      ByteBuf out = emit(full, q, 0, scope, limit, tcp, alloc);
      if (out == null) {
        out = truncated(m, q, scope, o.glue, limit, tcp, alloc);
      }
      metrics.query(typeIndex, o.rcode, start);
      return out;
    } catch (Exception e) {
      metrics.error(DnsMetrics.Error.INTERNAL);
      long now = System.nanoTime();
      long last = lastLog.get();
      if (now - last >= LOG_INTERVAL_NANOS && lastLog.compareAndSet(last, now)) {
        log.warn("Answering a query failed; answered SERVFAIL (further failures logged at most every 10 s)", e);
      }
      metrics.query(typeIndex, Rcode.SERVFAIL, start);
      return headerOnly(query, Rcode.SERVFAIL, tcp, alloc);
    }
  }

  private static Message newResponse(WireQuery q) throws java.io.IOException {
    Name qname = new Name(java.util.Arrays.copyOf(q.name, q.nameLength));
    Message m = new Message(q.id);
    Header h = m.getHeader();
    h.setFlag(Flags.QR);
    if (q.rd()) {
      h.setFlag(Flags.RD);
    }
    if (q.cd()) {
      h.setFlag(Flags.CD);
    }
    m.addRecord(Record.newRecord(qname, q.qtype, q.qclass), Section.QUESTION);
    return m;
  }

  /** A response with the question and no records (REFUSED, BADVERS), plus OPT when the query had one. */
  private ByteBuf respondWithoutAnswer(WireQuery q, int rcode, int limit, boolean tcp, ByteBufAllocator alloc)
      throws java.io.IOException {
    Message m = newResponse(q);
    m.getHeader().setRcode(rcode & 0xF);
    ByteBuf out = emit(m.toWire(), q, rcode >>> 4, 0, limit, tcp, alloc);
    return out != null ? out : headerOnly(q.id, q.flags, rcode & 0xF, tcp, alloc);
  }

  /**
   * Copies a rendered response without OPT, patching in the query's ID, RD, CD and question name (same length,
   * maybe other letter case), and appends our OPT when the query had one. Null when it does not fit {@code
   * limit}.
   */
  private ByteBuf emit(byte[] wire, WireQuery q, int extendedRcode, int scope, int limit, boolean tcp, ByteBufAllocator alloc) {
    int optLength = q.hasOpt ? 11 + (q.hasEcs ? 4 + q.ecsLength : 0) : 0;
    int length = wire.length + optLength;
    if (length > limit) {
      return null;
    }
    ByteBuf b = alloc.ioBuffer(length + (tcp ? 2 : 0));
    if (tcp) {
      b.writeShort(length);
    }
    int at = b.writerIndex();
    b.writeBytes(wire);
    b.setShort(at, q.id);
    b.setByte(at + 2, (wire[2] & ~0x01) | (q.rd() ? 0x01 : 0));
    b.setByte(at + 3, (wire[3] & ~0x10) | (q.cd() ? 0x10 : 0));
    b.setBytes(at + WireQuery.HEADER_LENGTH, q.name, 0, q.nameLength);
    if (q.hasOpt) {
      b.setShort(at + 10, ((wire[10] & 0xFF) << 8 | (wire[11] & 0xFF)) + 1);
      writeOpt(b, q, extendedRcode, scope);
    }
    return b;
  }

  /** Our OPT record (RFC 6891 §6.1.2): root owner, our payload size, version 0, DO clear, the ECS echo. */
  private void writeOpt(ByteBuf b, WireQuery q, int extendedRcode, int scope) {
    b.writeByte(0);
    b.writeShort(WireQuery.TYPE_OPT);
    b.writeShort(advertisedPayload);
    b.writeByte(extendedRcode);
    b.writeByte(0);
    b.writeShort(0);
    if (!q.hasEcs) {
      b.writeShort(0);
      return;
    }
    b.writeShort(4 + q.ecsLength);
    b.writeShort(WireQuery.OPTION_ECS);
    b.writeShort(q.ecsLength);
    int at = b.writerIndex();
    b.writeBytes(q.ecsOption, 0, q.ecsLength);
    // RFC 7871 §7.2.1: scope never above the source prefix; 0 when the answer does not depend on the client
    b.setByte(at + 3, Math.min(scope, q.ecsSourcePrefix));
  }

  /** The slow path for answers over the client's size: dnsjava drops whole RRsets from the end and sets TC. */
  private ByteBuf truncated(Message m, WireQuery q, int scope, int glue, int limit, boolean tcp, ByteBufAllocator alloc) {
    if (q.hasOpt) {
      List<EDNSOption> options = List.of();
      if (q.hasEcs) {
        byte[] ecs = java.util.Arrays.copyOf(q.ecsOption, q.ecsLength);
        ecs[3] = (byte) Math.min(scope, q.ecsSourcePrefix);
        options = List.of(new GenericEDNSOption(WireQuery.OPTION_ECS, ecs));
      }
      m.addRecord(new OPTRecord(advertisedPayload, 0, 0, 0, options), Section.ADDITIONAL);
    }
    byte[] wire = m.toWire(limit);
    int additional = (wire[10] & 0xFF) << 8 | (wire[11] & 0xFF);
    if (glue > 0 && additional - (q.hasOpt ? 1 : 0) < glue) {
      // RFC 9471 §3: a referral whose in-domain glue does not fit is truncated
      wire[2] |= 0x02;
    }
    ByteBuf b = alloc.ioBuffer(wire.length + (tcp ? 2 : 0));
    if (tcp) {
      b.writeShort(wire.length);
    }
    b.writeBytes(wire);
    return b;
  }

  private static ByteBuf headerOnly(ByteBuf query, int rcode, boolean tcp, ByteBufAllocator alloc) {
    int base = query.readerIndex();
    return headerOnly(query.getUnsignedShort(base), query.getUnsignedShort(base + 2), rcode, tcp, alloc);
  }

  /** A bare header answering a query we cannot or will not parse further: ID, opcode, RD and CD copied. */
  private static ByteBuf headerOnly(int id, int queryFlags, int rcode, boolean tcp, ByteBufAllocator alloc) {
    ByteBuf b = alloc.ioBuffer(WireQuery.HEADER_LENGTH + (tcp ? 2 : 0));
    if (tcp) {
      b.writeShort(WireQuery.HEADER_LENGTH);
    }
    b.writeShort(id);
    b.writeShort(0x8000 | (queryFlags & 0x7800) | (queryFlags & 0x0100) | (queryFlags & 0x0010) | (rcode & 0xF));
    b.writeLong(0);
    return b;
  }

}
