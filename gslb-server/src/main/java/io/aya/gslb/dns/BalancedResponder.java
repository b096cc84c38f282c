package io.aya.gslb.dns;

import io.aya.gslb.policy.BalancedAnswer;
import io.aya.gslb.policy.BalancedResolver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * Answers a {@link BalancedRoute} for one query, the only path by which balanced records reach a client: asks
 * each slot's policy for this client ({@link BalancedResolver}: the ECS address and source prefix, else the
 * peer), writes the pre-rendered head (or its NODATA form when the answer RRset comes out empty, RFC 2308 §3),
 * has {@link BalancedRrsetEncoder} encode the chosen records, and echoes the longest scope any of them needed
 * (RFC 7871 §7.2.1, through {@link QueryEcho#echoedScope}). An answer RRset that does not fit the client's size
 * is left out with TC set (RFC 1035 §4.2.1); additional ones are dropped without TC (RFC 2181 §9). A signed RRset
 * fits only together with its RRSIGs (RFC 4035 §3.1.1), so an additional one is sent signed or not at all. A
 * sampled query ({@link QueryLog}) is told the region its answer RRset came from.
 * Allocation-free apart from what the resolver does; thread-safe.
 */
final class BalancedResponder {
  /** Room for the records of a typical answer beyond the head; the buffer grows for more. */
  private static final int RECORDS_ESTIMATE = 128;

  private final BalancedResolver resolver;
  private final BalancedRrsetEncoder encoder;
  private final ResponseWriter writer;

  BalancedResponder(BalancedResolver resolver, BalancedRrsetEncoder encoder, ResponseWriter writer) {
    this.resolver = resolver;
    this.encoder = encoder;
    this.writer = writer;
  }

  /** @param sampled the query's entry in the sampled query log, or null when it is not sampled */
  ByteBuf respond(BalancedRoute route, WireQuery q, int limit, boolean tcp, ByteBufAllocator alloc,
      QueryLog.Entry sampled) throws IOException {
    InetAddress client = q.address();
    int prefix = q.sourcePrefix();
    BalancedRoute.Slot main = route.answer();
    BalancedAnswer chosen = null;
    int scope = 0;
    byte[] head = route.head();
    if (main != null) {
      chosen = resolve(main, client, prefix);
      if (chosen != null) {
        scope = chosen.scopePrefix();
        if (sampled != null) {
          sampled.region(chosen.region());
        }
      }
      if (chosen == null || chosen.records().isEmpty()) {
        head = route.noData();
        chosen = null;
      }
    }
    List<BalancedRoute.Slot> additional = route.additional();
    int opt = ResponseWriter.optLength(q);
    if (head.length + opt > limit) {
      // a long CNAME chain or static answer: dnsjava cuts it down; the balanced RRsets would not fit after it
      for (int i = 0, n = additional.size(); i < n; i++) {
        scope = Math.max(scope, scopeOf(resolve(additional.get(i), client, prefix)));
      }
      return writer.truncated(head, q, scope, 0, limit, tcp, alloc);
    }
    ByteBuf b = ResponseWriter.start(head, q, head.length + opt + RECORDS_ESTIMATE, tcp, alloc);
    int at = ResponseWriter.messageStart(b, tcp);
    if (chosen != null) {
      int n = encoder.encode(b, main, chosen, limit - opt - (b.writerIndex() - at));
      if (n < 0) {
        ResponseWriter.setTruncated(b, tcp);
      } else {
        ResponseWriter.addAnswers(b, tcp, n);
      }
    }
    for (int i = 0, k = additional.size(); i < k; i++) {
      BalancedRoute.Slot slot = additional.get(i);
      BalancedAnswer extra = resolve(slot, client, prefix);
      if (extra == null) {
        continue;
      }
      scope = Math.max(scope, extra.scopePrefix());
      int n = encoder.encode(b, slot, extra, limit - opt - (b.writerIndex() - at));
      if (n > 0) {
        ResponseWriter.addAdditionals(b, tcp, n);
      }
    }
    writer.finish(b, q, 0, scope, tcp);
    return b;
  }

  private BalancedAnswer resolve(BalancedRoute.Slot slot, InetAddress client, int prefix) {
    BalancedRrset rrset = slot.rrset();
    return resolver.resolve(rrset.name(), rrset.type(), client, prefix);
  }

  private static int scopeOf(BalancedAnswer answer) {
    return answer == null ? 0 : answer.scopePrefix();
  }
}
