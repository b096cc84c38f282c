package io.aya.gslb.dns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers DNS over UDP (RFC 1035 §4.2.1): one datagram in, at most one out to the sender, subject to response
 * rate limiting ({@link ResponseRateLimiter}; TCP is never limited). Replies are written
 * as they are produced and flushed once per read batch. Stateless and {@link Sharable}; never closes the
 * channel.
 */
@Sharable
final class UdpQueryHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(UdpQueryHandler.class);
  private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

  private final QueryProcessor processor;
  private final ResponseRateLimiter rrl;
  private volatile long lastLog = System.nanoTime() - LOG_INTERVAL_NANOS;

  UdpQueryHandler(QueryProcessor processor, ResponseRateLimiter rrl) {
    this.processor = processor;
    this.rrl = rrl;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    DatagramPacket packet = (DatagramPacket) msg;
    try {
      ByteBuf reply = processor.process(packet.content(), packet.sender().getAddress(), false, ctx.alloc());
      if (reply != null && rrl.enabled()) {
        reply = rrl.apply(packet.sender().getAddress(), reply);
      }
      if (reply != null) {
        ctx.write(new DatagramPacket(reply, packet.sender()), ctx.voidPromise());
      }
    } finally {
      packet.release();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // e.g. a send to an unreachable client: nothing to do for one lost reply, and the socket stays open
    long now = System.nanoTime();
    if (now - lastLog >= LOG_INTERVAL_NANOS) {
      lastLog = now;
      log.warn(
          "UDP DNS channel {}: {} (further errors logged at most every 10 s)",
          ctx.channel().localAddress(),
          cause.toString());
    }
  }
}
