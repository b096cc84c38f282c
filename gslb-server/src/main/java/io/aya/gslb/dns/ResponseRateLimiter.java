package io.aya.gslb.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Response rate limiting over UDP in the style of BIND, Knot and NSD: at most {@code rate} responses per second
 * for one client network (/24 IPv4, /56 IPv6: {@link ClientNetwork}) and one answer, where an answer is the
 * question name and type for NOERROR responses, and the response code alone for NXDOMAIN and errors (so that
 * random names do not each get their own allowance). Beyond the rate every {@code slip}-th response is sent
 * truncated (TC=1, no records: a real resolver retries over TCP, which is never limited) and the others are
 * dropped; {@code slip} 0 drops them all, 1 truncates them all. The key is the packet's source address, never an
 * ECS subnet: a resolver is limited as itself.
 *
 * <p>Memory is bounded: a fixed table of {@value #SLOTS} counters (512 KiB), each one {@code long} holding a
 * key fingerprint, the second it counts and the count, updated by compare-and-set: no lock, no allocation per
 * query (IPv4). Two keys that share a slot take turns resetting it, which only lets more through.
 *
 * <p>Thread-safe. A limiting episode is logged at most every 10 s.
 */
final class ResponseRateLimiter {
  static final int SLOTS = 1 << 16;
  private static final int MAX_COUNT = (1 << 24) - 1;
  private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;
  private static final Logger log = LoggerFactory.getLogger(ResponseRateLimiter.class);

  private final int rate;
  private final int slip;
  private final NetworkList exempt;
  private final AtomicLongArray slots = new AtomicLongArray(SLOTS);
  private final AtomicLong limited = new AtomicLong();
  private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
  private final long startNanos = System.nanoTime();

  private final DnsMetrics metrics;

  ResponseRateLimiter(DnsConfig.Rrl config, DnsMetrics metrics) {
    this.rate = Math.min(config.rate(), MAX_COUNT);
    this.slip = config.slip();
    this.exempt = NetworkList.parse(config.exempt());
    this.metrics = metrics;
  }

  boolean enabled() {
    return rate > 0;
  }

  /**
   * Counts one UDP response to {@code peer} and applies the limit to it: returns {@code reply} to send as it is,
   * {@code reply} cut to a truncated header and question (a slip), or null after releasing it (dropped).
   */
  ByteBuf apply(InetAddress peer, ByteBuf reply) {
    if (rate <= 0 || exempt.contains(peer)) {
      return reply;
    }
    int base = reply.readerIndex();
    int end = reply.writerIndex();
    if (end - base < WireQuery.HEADER_LENGTH) {
      return reply;
    }
    int rcode = reply.getByte(base + 3) & 0xF;
    long network = ClientNetwork.of(peer);
    long h = network * 0x9E3779B97F4A7C15L + rcode;
    int questionEnd = base + WireQuery.HEADER_LENGTH;
    if (reply.getUnsignedShort(base + 4) > 0) {
      // our own response: the question name is uncompressed at offset 12
      int p = questionEnd;
      while (p < end) {
        int len = reply.getUnsignedByte(p);
        if (len == 0 || len > 63) {
          break;
        }
        for (int i = p + 1; i <= p + len && i < end; i++) {
          int b = reply.getByte(i);
          if (b >= 'A' && b <= 'Z') {
            b += 'a' - 'A';
          }
          if (rcode == Rcode.NOERROR) {
            h = h * 31 + b;
          }
        }
        p += 1 + len;
      }
      questionEnd = Math.min(end, p + 1 + 4);
      if (rcode == Rcode.NOERROR && questionEnd >= p + 3) {
        h = h * 31 + reply.getUnsignedShort(p + 1);
      }
    }
    h = mix(h);
    int index = (int) h & (SLOTS - 1);
    long fingerprint = (h >>> 40) & 0xFFFFFFL;
    long second = currentSecond();
    while (true) {
      long cur = slots.get(index);
      long count = 1;
      if ((cur >>> 40) == fingerprint && ((cur >>> 24) & 0xFFFFL) == second) {
        count = Math.min((cur & MAX_COUNT) + 1, MAX_COUNT);
      }
      long next = (fingerprint << 40) | (second << 24) | count;
      if (cur == next || slots.compareAndSet(index, cur, next)) {
        if (count <= rate) {
          return reply;
        }
        limited(peer, network, reply, rcode);
        if (slip > 0 && (count - rate) % slip == 0) {
          metrics.rrl(true);
          // TC=1, no records (OPT included): a resolver retries over TCP, which is never limited
          reply.setByte(base + 2, reply.getByte(base + 2) | 0x02);
          reply.setLong(base + 4, reply.getLong(base + 4) & 0xFFFF_0000_0000_0000L);
          reply.writerIndex(questionEnd);
          return reply;
        }
        metrics.rrl(false);
        reply.release();
        return null;
      }
    }
  }

  private long currentSecond() {
    return ((System.nanoTime() - startNanos) / 1_000_000_000L) & 0xFFFFL;
  }

  /**
   * What the limit would do to the next NOERROR answer for {@code qname}/{@code qtype} sent to {@code peer} (the
   * packet's source, a resolver; never an ECS subnet), from the counters as they are now; counts nothing. For
   * {@code explain}: not on the answer path.
   */
  RateLimitReport report(InetAddress peer, Name qname, int qtype) {
    long network = ClientNetwork.of(peer);
    String net = ClientNetwork.format(network);
    String answer = qname + "/" + Type.string(qtype);
    if (rate <= 0) {
      return new RateLimitReport(false, false, net, 0, slip, 0, "rate limiting is off (rrl-rate 0)");
    }
    if (exempt.contains(peer)) {
      return new RateLimitReport(false, true, net, rate, slip, 0,
          peer.getHostAddress() + " is exempt: it is in rrl-exempt (" + exempt + ")");
    }
    long h = network * 0x9E3779B97F4A7C15L + Rcode.NOERROR;
    byte[] wire = qname.toWireCanonical();
    for (int p = 0; p < wire.length && wire[p] != 0; p += 1 + wire[p]) {
      for (int i = p + 1; i <= p + wire[p]; i++) {
        h = h * 31 + wire[i];
      }
    }
    h = mix(h * 31 + qtype);
    long cur = slots.get((int) h & (SLOTS - 1));
    boolean sameKey = (cur >>> 40) == ((h >>> 40) & 0xFFFFFFL) && ((cur >>> 24) & 0xFFFFL) == currentSecond();
    long count = sameKey ? cur & MAX_COUNT : 0;
    if (count >= rate) {
      return new RateLimitReport(true, false, net, rate, slip, count, count + " responses for " + answer + " to "
          + net + " this second, at or over rrl-rate " + rate + "/s: further ones this second are "
          + (slip == 0 ? "dropped" : slip == 1 ? "sent truncated (TC=1)"
              : "dropped, 1 in " + slip + " sent truncated (TC=1) so that resolvers retry over TCP"));
    }
    return new RateLimitReport(false, false, net, rate, slip, count, count + " responses for " + answer + " to "
        + net + " this second, under rrl-rate " + rate + "/s (over UDP; TCP is never limited)");
  }

  private void limited(InetAddress peer, long network, ByteBuf reply, int rcode) {
    limited.incrementAndGet();
    long now = System.nanoTime();
    long last = lastLog.get();
    if (now - last >= LOG_INTERVAL_NANOS && lastLog.compareAndSet(last, now)) {
      String what = Rcode.string(rcode) + " responses";
      if (rcode == Rcode.NOERROR) {
        try {
          Message m = new Message(ByteBufUtil.getBytes(reply));
          what = m.getQuestion().getName() + "/" + Type.string(m.getQuestion().getType());
        } catch (java.io.IOException | RuntimeException e) {
          what = "one answer";
        }
      }
      log.warn("RRL: limiting responses to {} (from {}) for {} to {}/s; {} ({} limited so far; logged at most"
          + " every 10 s)", ClientNetwork.format(network), peer.getHostAddress(), what, rate,
          slip == 0 ? "dropping them" : slip == 1 ? "sending them truncated" : "1 in " + slip
          + " sent truncated, the others dropped", limited.get());
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
