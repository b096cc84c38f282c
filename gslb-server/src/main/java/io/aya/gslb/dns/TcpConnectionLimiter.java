package io.aya.gslb.dns;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closes accepted TCP connections beyond a limit right away (RFC 7766 §6.2.2: servers protect themselves
 * against too many connections). {@link Sharable}: one instance counts every connection of a listener.
 */
@Sharable
final class TcpConnectionLimiter extends ChannelInboundHandlerAdapter {
  private final int max;
  private final DnsMetrics metrics;
  private final AtomicInteger open = new AtomicInteger();

  TcpConnectionLimiter(int max, DnsMetrics metrics) {
    this.max = max;
    this.metrics = metrics;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (open.incrementAndGet() > max) {
      metrics.error(DnsMetrics.Error.TCP_LIMIT);
      ctx.close();
      return;
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    open.decrementAndGet();
    super.channelInactive(ctx);
  }

  int open() {
    return open.get();
  }
}
