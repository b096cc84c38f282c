package io.aya.gslb.dns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Splits a DNS-over-TCP byte stream into messages (RFC 1035 §4.2.2: a two-byte length, then that many bytes)
 * and gives every message a deadline: from its first byte (of the length prefix included) the whole message must
 * arrive within {@code frameTimeout}, or the connection is closed ({@code dns.errors{reason=tcp_frame_timeout}}).
 * A peer that trickles a byte every few seconds therefore cannot hold a connection, which the idle timeout alone
 * would allow (every byte resets it). Records message arrival in the connection's {@link
 * TcpConnections.TcpConnection} for eviction. One instance per connection; runs on its event loop only.
 */
final class TcpFrameDecoder extends ByteToMessageDecoder {
  private final long frameTimeoutNanos;
  private final DnsMetrics metrics;
  private TcpConnections.TcpConnection state;
  private ScheduledFuture<?> deadline;

  TcpFrameDecoder(long frameTimeoutNanos, DnsMetrics metrics) {
    this.frameTimeoutNanos = frameTimeoutNanos;
    this.metrics = metrics;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.readableBytes() >= 2) {
      int length = in.getUnsignedShort(in.readerIndex());
      if (in.readableBytes() < 2 + length) {
        break;
      }
      in.skipBytes(2);
      out.add(in.readRetainedSlice(length));
    }
    TcpConnections.TcpConnection s = state(ctx);
    long now = System.nanoTime();
    if (!out.isEmpty() && s != null) {
      s.lastActivityNanos = now;
    }
    if (in.isReadable()) {
      if (deadline == null) {
        if (s != null) {
          s.frameStartNanos = now;
        }
        deadline = ctx.executor().schedule(() -> expire(ctx), frameTimeoutNanos, TimeUnit.NANOSECONDS);
      }
    } else if (deadline != null) {
      cancel(s);
    }
  }

  private void expire(ChannelHandlerContext ctx) {
    deadline = null;
    if (ctx.channel().isActive()) {
      metrics.error(DnsMetrics.Error.TCP_FRAME_TIMEOUT);
      ctx.close();
    }
  }

  private void cancel(TcpConnections.TcpConnection s) {
    deadline.cancel(false);
    deadline = null;
    if (s != null) {
      s.frameStartNanos = 0;
    }
  }

  private TcpConnections.TcpConnection state(ChannelHandlerContext ctx) {
    if (state == null) {
      state = ctx.channel().attr(TcpConnections.STATE).get();
    }
    return state;
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (deadline != null) {
      cancel(state);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (deadline != null) {
      cancel(state);
    }
    super.channelInactive(ctx);
  }
}
