package io.aya.gslb.dns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Answers DNS over TCP (RFC 7766): receives whole messages from the length-prefix decoder in front of it and
 * answers each, in order, with a length-prefixed reply; pipelined queries are answered one after the other and
 * flushed once per read batch. A zero-length message or an idle connection is closed. Reading pauses while the
 * peer does not take our replies. One instance per connection; runs on that connection's event loop only.
 */
final class TcpQueryHandler extends ChannelInboundHandlerAdapter {
  private final QueryProcessor processor;
  private final ZoneTransfers transfers;
  private final DnsMetrics metrics;
  private InetAddress peer;

  TcpQueryHandler(QueryProcessor processor, DnsMetrics metrics) {
    this(processor, null, metrics);
  }

  /** @param transfers answers AXFR and IXFR as streams, or null to leave them to the processor (REFUSED) */
  TcpQueryHandler(QueryProcessor processor, ZoneTransfers transfers, DnsMetrics metrics) {
    this.processor = processor;
    this.transfers = transfers;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    ByteBuf frame = (ByteBuf) msg;
    try {
      if (!frame.isReadable()) {
        metrics.error(DnsMetrics.Error.TCP_CLOSED);
        ctx.close();
        return;
      }
      if (peer == null) {
        peer = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
      }
      if (transfers != null && TransferQuestion.isTransfer(frame)) {
        stream(ctx, frame);
        return;
      }
      ByteBuf reply = processor.process(frame, peer, true, ctx.alloc());
      if (reply != null) {
        ctx.write(reply, ctx.voidPromise());
      }
    } finally {
      frame.release();
    }
  }

  /**
   * Hands a zone transfer to a {@link ChunkedWriteHandler}, added in front of this handler on the first
   * transfer of the connection: it writes the next message only while the channel is writable, so a transfer
   * of any size holds one message or so in memory and follows the peer's pace. Replies to later queries on the
   * connection queue behind it, in order.
   */
  private void stream(ChannelHandlerContext ctx, ByteBuf frame) {
    byte[] wire = new byte[frame.readableBytes()];
    frame.getBytes(frame.readerIndex(), wire);
    if (ctx.pipeline().get(ChunkedWriteHandler.class) == null) {
      ctx.pipeline().addBefore(ctx.name(), "xfr-stream", new ChunkedWriteHandler());
    }
    ctx.writeAndFlush(transfers.overTcp(wire, peer), ctx.voidPromise());
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      metrics.error(DnsMetrics.Error.TCP_CLOSED);
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // a reset or broken connection: only this client is affected
    ctx.close();
  }
}
