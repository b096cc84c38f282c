package io.aya.gslb.dns;

import io.aya.gslb.dnssec.SignedZone;
import io.aya.gslb.dnssec.ZoneSignatures;
import io.aya.gslb.zone.ZoneSet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * Answers queries with DO set while some zone is signed (docs/dnssec.md). The static part comes from {@link
 * ZoneAnswerer} and is signed by {@link SignedAnswers}; routes are kept per event-loop thread and snapshot as
 * for unsigned answers (in a cache of their own, as they differ); balanced RRsets go through the same {@link
 * BalancedResponder} as unsigned ones, with a {@link SlotSignatures} on their slot so that the encoder appends
 * their RRSIGs. Questions whose zone is not signed are handed back ({@link #answer} returns null) and answered as
 * without DO. Thread-safe.
 */
final class SignedResponder {
  /** Cache marker: this question's zone is not signed. */
  private static final RenderedResponse UNSIGNED = new RenderedResponse(new byte[0], 0);

  private final ZoneAnswerer answerer;
  private final ZoneSignatures signatures;
  private final BalancedResponder responder;
  private final ResponseWriter writer;
  private final FastThreadLocal<ResponseCache> caches =
      new FastThreadLocal<>() {
        @Override
        protected ResponseCache initialValue() {
          return new ResponseCache();
        }
      };

  SignedResponder(ZoneAnswerer answerer, ZoneSignatures signatures, BalancedResponder responder,
      ResponseWriter writer) {
    this.answerer = answerer;
    this.signatures = signatures;
    this.responder = responder;
    this.writer = writer;
  }

  /** The signed response, or null when the question's zone is not signed (answer it as if DO were clear). */
  ByteBuf answer(ZoneSet zs, WireQuery q, int limit, boolean tcp, ByteBufAllocator alloc) throws IOException {
    ResponseCache cache = caches.get();
    CachedRoute route = cache.get(zs, q);
    if (route == null) {
      route = render(zs, q);
      if (route == null) {
        return null;
      }
      cache.put(zs, q, route);
    }
    if (route == UNSIGNED) {
      return null;
    }
    if (route instanceof BalancedRoute balanced) {
      return responder.respond(balanced, q, limit, tcp, alloc);
    }
    byte[] wire = ((RenderedResponse) route).wire();
    ByteBuf out = writer.patched(wire, q, 0, 0, limit, tcp, alloc);
    return out != null ? out : writer.truncated(wire, q, 0, ((RenderedResponse) route).glue(), limit, tcp, alloc);
  }

  /** The signed route of this question, {@link #UNSIGNED}, or null when it is not ours (REFUSED). */
  private CachedRoute render(ZoneSet zs, WireQuery q) throws IOException {
    Message m = QueryProcessor.newResponse(q);
    Name qname = m.getQuestion().getName();
    ZoneAnswerer.Outcome o = new ZoneAnswerer.Outcome();
    answerer.answer(zs, qname, q.qtype(), m, o);
    if (o.rcode == Rcode.REFUSED) {
      return null;
    }
    SignedZone sz = signatures.signed(o.zone);
    if (sz == null) {
      return UNSIGNED;
    }
    SignedAnswers.sign(m, o, sz, qname, q.qtype());
    Header h = m.getHeader();
    h.setRcode(o.rcode);
    if (o.authoritative) {
      h.setFlag(Flags.AA);
    }
    if (o.balanced == null && o.additional == null) {
      return new RenderedResponse(m.toWire(), o.glue);
    }
    byte[] head = m.toWire();
    BalancedRoute.Slot answer = null;
    byte[] noData = null;
    if (o.balanced != null) {
      Name owner = o.balanced.owner();
      answer = new BalancedRoute.Slot(o.balanced, RouteRenderer.owner(head, owner), new SlotSignatures(sz, owner));
      SignedAnswers.addNoData(m, sz, owner, o.balanced.type());
      noData = m.toWire();
    }
    List<BalancedRoute.Slot> additional = new ArrayList<>();
    if (o.additional != null) {
      // additional addresses are not signed (RFC 4035 §3.1.1 leaves it to the server; validators do not need them)
      for (BalancedRrset r : o.additional) {
        additional.add(new BalancedRoute.Slot(r, RouteRenderer.owner(head, r.owner())));
      }
    }
    return new BalancedRoute(head, answer, noData, additional);
  }
}
