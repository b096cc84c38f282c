package io.aya.gslb.dns;

import io.aya.gslb.dnssec.SignedZone;
import io.aya.gslb.dnssec.ZoneSignatures;
import io.aya.gslb.policy.BalancedAnswer;
import io.aya.gslb.policy.BalancedResolver;
import io.aya.gslb.zone.ZoneSet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * Answers queries with DO set while some zone is signed (docs/dnssec.md): the answer of {@link ZoneAnswerer},
 * signed by {@link SignedAnswers}, kept rendered per event-loop thread like unsigned answers; balanced names keep
 * one signed response per answer set ({@link SignedBalancedRoute}). Questions whose zone is not signed are handed
 * back ({@link #answer} returns null) and answered as without DO. Thread-safe.
 */
final class SignedResponder {
  /** Cache value: this question's zone is not signed. */
  private static final Object UNSIGNED = new Object();

  private final ZoneAnswerer answerer;
  private final BalancedResolver resolver;
  private final ZoneSignatures signatures;
  private final ResponseWriter writer;
  private final FastThreadLocal<ResponseCache> caches =
      new FastThreadLocal<>() {
        @Override
        protected ResponseCache initialValue() {
          return new ResponseCache();
        }
      };

  SignedResponder(ZoneAnswerer answerer, BalancedResolver resolver, ZoneSignatures signatures,
      ResponseWriter writer) {
    this.answerer = answerer;
    this.resolver = resolver;
    this.signatures = signatures;
    this.writer = writer;
  }

  /** The signed response, or null when the question's zone is not signed (answer it as if DO were clear). */
  ByteBuf answer(ZoneSet zs, WireQuery q, int limit, boolean tcp, ByteBufAllocator alloc) throws IOException {
    ResponseCache cache = caches.get();
    Object cached = cache.get(zs, q);
    if (cached == UNSIGNED) {
      return null;
    }
    if (cached instanceof byte[]) {
      ByteBuf out = writer.patched((byte[]) cached, q, 0, 0, limit, tcp, alloc);
      if (out != null) {
        return out;
      }
    } else if (cached instanceof SignedBalancedRoute) {
      return balanced((SignedBalancedRoute) cached, q, limit, tcp, alloc);
    }
    Message m = QueryProcessor.newResponse(q);
    Name qname = m.getQuestion().getName();
    ZoneAnswerer.Outcome o = new ZoneAnswerer.Outcome();
    answerer.answer(zs, qname, q.qtype, q, m, o);
    SignedZone sz = o.zone == null ? null : signatures.signed(o.zone);
    if (sz == null) {
      if (!o.clientDependent) {
        cache.put(zs, q, UNSIGNED);
      }
      return null;
    }
    SignedAnswers.sign(m, o, sz, qname, q.qtype);
    Header h = m.getHeader();
    h.setRcode(o.rcode);
    if (o.authoritative) {
      h.setFlag(Flags.AA);
    }
    if (o.balancedName != null) {
      SignedBalancedRoute route = route(q, o, sz, qname);
      cache.put(zs, q, route);
      return balanced(route, q, limit, tcp, alloc);
    }
    byte[] full = m.toWire();
    if (!o.clientDependent) {
      cache.put(zs, q, full);
    }
    int scope = o.clientDependent ? o.scopePrefix : 0;
    ByteBuf out = writer.patched(full, q, 0, scope, limit, tcp, alloc);
    return out != null ? out : writer.truncated(m, q, scope, o.glue, limit, tcp, alloc);
  }

  private ByteBuf balanced(SignedBalancedRoute route, WireQuery q, int limit, boolean tcp, ByteBufAllocator alloc) {
    int prefix = q.sourcePrefix();
    BalancedAnswer answer = resolver.resolve(route.name, q.qtype, q.address(), prefix);
    int scope = answer == null ? 0 : Math.min(answer.scopePrefix(), prefix);
    List<Record> records = answer == null ? List.of() : answer.records();
    byte[] wire = records.isEmpty() ? route.noData : route.response(records, answer.rdata());
    ByteBuf out = writer.patched(wire, q, 0, scope, limit, tcp, alloc);
    if (out == null) {
      // RFC 4035 §3.1.1: an answer whose signatures do not fit is truncated, never sent without them
      out = writer.patched(route.truncated, q, 0, scope, limit, tcp, alloc);
    }
    return out != null ? out : ResponseWriter.headerOnly(q.id, q.flags | 0x0200, Rcode.NOERROR, tcp, alloc);
  }

  private static SignedBalancedRoute route(WireQuery q, ZoneAnswerer.Outcome o, SignedZone sz, Name qname)
      throws IOException {
    Message head = QueryProcessor.newResponse(q);
    head.getHeader().setFlag(Flags.AA);
    Message noData = QueryProcessor.newResponse(q);
    noData.getHeader().setFlag(Flags.AA);
    ZoneAnswerer.addNegativeSoa(o.zone, noData);
    ZoneAnswerer.Outcome no = new ZoneAnswerer.Outcome();
    no.rcode = Rcode.NOERROR;
    SignedAnswers.sign(noData, no, sz, qname, q.qtype);
    return new SignedBalancedRoute(o.balancedName, sz, qname, head.toWire(), noData.toWire());
  }
}
