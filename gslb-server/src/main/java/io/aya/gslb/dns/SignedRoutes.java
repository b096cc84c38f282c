package io.aya.gslb.dns;

import io.aya.gslb.dnssec.SignedZone;
import io.aya.gslb.dnssec.ZoneSignatures;
import io.aya.gslb.zone.ZoneSet;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * What questions of signed zones render to, for queries with DO set (docs/dnssec.md): the static part comes
 * from {@link ZoneAnswerer} and is signed by {@link SignedAnswers}; {@link RouteRenderer} adds {@link
 * SlotSignatures} to each balanced slot (the answer's and SVCB/HTTPS additionals) so that {@link
 * BalancedRrsetEncoder} appends their RRSIGs. Routes are kept per event-loop thread and snapshot as for unsigned
 * answers (in a cache of their own, as they differ) and answered by {@link QueryProcessor} like any other route.
 * Questions whose zone is not signed get no route here and are answered as without DO. Thread-safe.
 */
final class SignedRoutes {
  /** Cache marker: this question's zone is not signed. */
  private static final RenderedResponse UNSIGNED = new RenderedResponse(new byte[0], 0);

  private final ZoneAnswerer answerer;
  private final ZoneSignatures signatures;
  private final FastThreadLocal<ResponseCache> caches =
      new FastThreadLocal<>() {
        @Override
        protected ResponseCache initialValue() {
          return new ResponseCache();
        }
      };

  SignedRoutes(ZoneAnswerer answerer, ZoneSignatures signatures) {
    this.answerer = answerer;
    this.signatures = signatures;
  }

  /** The signed route of this question, or null when its zone is not signed or not ours (answer it as unsigned). */
  CachedRoute route(ZoneSet zs, WireQuery q) throws IOException {
    ResponseCache cache = caches.get();
    CachedRoute route = cache.get(zs, q);
    if (route == null) {
      route = render(zs, q);
      if (route == null) {
        return null;
      }
      cache.put(zs, q, route);
    }
    return route == UNSIGNED ? null : route;
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
    return RouteRenderer.render(m, o, sz);
  }
}
