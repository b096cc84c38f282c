package io.aya.gslb.dns;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission of DNS-over-TCP connections (RFC 7766 §6.2.2: servers protect themselves against too many
 * connections), so that neither many idle connections nor slow ones lock new clients out:
 *
 * <ul>
 *   <li>a client network (/24, /56: {@link ClientNetwork}) holding {@code perNetwork} connections gets its next
 *       one closed on accept ({@code dns.errors{reason=tcp_limit}}): one network cannot push everyone else out;
 *   <li>at {@code max} open connections a new one is admitted and the connection idle the longest is closed
 *       ({@code dns.errors{reason=tcp_evicted}}), preferring one that is between messages (as Knot and NSD do); a
 *       half-received message ends at its frame deadline anyway ({@link TcpFrameDecoder}). Activity is a whole
 *       message received or anything written: a long zone transfer that the peer keeps reading is busy, not idle,
 *       though its only query arrived long ago.
 * </ul>
 *
 * <p>{@link Sharable}: one instance per listener, first in every connection's pipeline. Thread-safe: the open
 * set and the per-network counts are concurrent; eviction scans the open set only when at the limit.
 */
@Sharable
final class TcpConnections extends ChannelDuplexHandler {
  static final AttributeKey<TcpConnection> STATE = AttributeKey.valueOf("aya.dns.tcp");

  private final int max;
  private final int perNetwork;
  private final DnsMetrics metrics;
  private final AtomicInteger open = new AtomicInteger();
  private final Set<TcpConnection> connections = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<Long, Integer> perNetworkOpen = new ConcurrentHashMap<>();

  TcpConnections(int max, int perNetwork, DnsMetrics metrics) {
    this.max = max;
    this.perNetwork = Math.min(perNetwork, max);
    this.metrics = metrics;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    Channel ch = ctx.channel();
    long network = ClientNetwork.of(((InetSocketAddress) ch.remoteAddress()).getAddress());
    boolean[] admitted = new boolean[1];
    perNetworkOpen.compute(network, (k, n) -> {
      int count = n == null ? 0 : n;
      admitted[0] = count < perNetwork;
      return admitted[0] ? count + 1 : n;
    });
    if (!admitted[0]) {
      metrics.error(DnsMetrics.Error.TCP_LIMIT);
      ctx.close();
      return;
    }
    TcpConnection state = new TcpConnection(ch, network, System.nanoTime());
    ch.attr(STATE).set(state);
    if (open.incrementAndGet() > max) {
      evictOne(state);
    }
    connections.add(state);
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    TcpConnection state = ctx.channel().attr(STATE).getAndSet(null);
    if (state != null) {
      connections.remove(state);
      open.decrementAndGet();
      perNetworkOpen.computeIfPresent(state.network, (k, n) -> n <= 1 ? null : n - 1);
    }
    super.channelInactive(ctx);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    // outbound progress (a reply, the next message of a transfer the peer is reading) is activity
    TcpConnection state = ctx.channel().attr(STATE).get();
    if (state != null) {
      state.lastActivityNanos = System.nanoTime();
    }
    ctx.write(msg, promise);
  }

  /** Closes the connection idle the longest (between messages first, else any), never {@code newcomer}. */
  private void evictOne(TcpConnection newcomer) {
    TcpConnection idle = null;
    TcpConnection any = null;
    for (TcpConnection c : connections) {
      if (c == newcomer || c.evicted) {
        continue;
      }
      long since = c.lastActivityNanos;
      if (c.frameStartNanos == 0 && (idle == null || since - idle.lastActivityNanos < 0)) {
        idle = c;
      }
      if (any == null || since - any.lastActivityNanos < 0) {
        any = c;
      }
    }
    TcpConnection victim = idle != null ? idle : any;
    if (victim != null) {
      victim.evicted = true;
      metrics.error(DnsMetrics.Error.TCP_EVICTED);
      victim.channel.close();
    }
  }

  int open() {
    return open.get();
  }

  /** What admission and eviction know of one open connection; written on its event loop, read by any. */
  static final class TcpConnection {
    final Channel channel;
    final long network;
    /** When the last whole message arrived or the last write was made (or the connection opened). */
    volatile long lastActivityNanos;
    /** When the first byte of a message still incomplete arrived; 0 between messages. */
    volatile long frameStartNanos;
    volatile boolean evicted;

    TcpConnection(Channel channel, long network, long now) {
      this.channel = channel;
      this.network = network;
      this.lastActivityNanos = now;
    }
  }
}
