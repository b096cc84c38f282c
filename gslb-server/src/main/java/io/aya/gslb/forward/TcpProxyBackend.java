package io.aya.gslb.forward;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The member side of one forwarded TCP connection: hands everything to its {@link TcpProxyFrontend} (same
 * event loop) and keeps the member's open-connection count. Not sharable: one per connection.
 */
final class TcpProxyBackend extends ChannelInboundHandlerAdapter {
  private final TcpProxyFrontend frontend;
  private final ForwardMember member;

  TcpProxyBackend(TcpProxyFrontend frontend, ForwardMember member) {
    this.frontend = frontend;
    this.member = member;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      frontend.fromBackend(buf);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    frontend.backendReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    frontend.backendWritabilityChanged();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      frontend.backendInputShutdown();
      if (ctx.channel().isOpen()) {
        // nothing more to read there: no more read wake-ups for a socket at EOF (after the frontend: a socket it
        // closed needs no change to its epoll interest)
        ctx.channel().config().setAutoRead(false);
      }
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    member.active.decrementAndGet();
    frontend.backendClosed(member);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    org.slf4j.LoggerFactory.getLogger(TcpProxyBackend.class).debug("member {}: {}", member.text, cause.toString());
    ctx.close();
  }
}
