package io.aya.gslb.forward;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One client's UDP flow: a datagram socket connected to the chosen member. Datagrams that arrive before the
 * socket is ready wait in a short queue (further ones are dropped). Runs on the listener's event loop.
 */
final class UdpFlow extends ChannelInboundHandlerAdapter {
  private static final int MAX_PENDING = 32;

  private final UdpForwardListener listener;
  private final InetSocketAddress client;
  private final ForwardMember member;
  private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
  private Channel ch;
  private boolean closed;

  UdpFlow(UdpForwardListener listener, InetSocketAddress client, ForwardMember member) {
    this.listener = listener;
    this.client = client;
    this.member = member;
    member.active.incrementAndGet();
    member.total.increment();
    listener.stats.active.incrementAndGet();
    listener.stats.total.increment();
  }

  void open(EventLoop loop) {
    long idle = listener.settings.udpIdleTimeout().toMillis();
    UdpFlow self = this;
    listener.flowBootstrap()
        .group(loop)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel c) {
            c.pipeline().addLast(new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS), self);
          }
        })
        .connect(member.address)
        .addListener((ChannelFuture f) -> {
          if (!f.isSuccess()) {
            member.connectFailed(listener.settings.ejectAfter(), System.currentTimeMillis());
            close();
            return;
          }
          ch = f.channel();
          member.connections.add(ch);
          ch.closeFuture().addListener(x -> close());
          if (closed) {
            ch.close();
            return;
          }
          for (ByteBuf b; (b = pending.poll()) != null; ) {
            ch.write(b, ch.voidPromise());
          }
          ch.flush();
        });
  }

  void send(ByteBuf content) {
    int n = content.readableBytes();
    if (closed) {
      content.release();
      return;
    }
    member.bytesIn.add(n);
    listener.stats.bytesIn.add(n);
    if (ch == null) {
      if (pending.size() < MAX_PENDING) {
        pending.add(content);
      } else {
        content.release();
      }
    } else if (ch.isWritable()) {
      ch.writeAndFlush(content, ch.voidPromise());
    } else {
      content.release();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf content = msg instanceof DatagramPacket p ? p.content() : msg instanceof ByteBuf b ? b : null;
    if (content == null) {
      ReferenceCountUtil.release(msg);
      return;
    }
    int n = content.readableBytes();
    member.bytesOut.add(n);
    listener.stats.bytesOut.add(n);
    listener.toClient(client, content);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // ICMP port unreachable and the like: the member is not there; the client's next datagram starts afresh
    if (cause instanceof java.net.PortUnreachableException) {
      member.connectFailed(listener.settings.ejectAfter(), System.currentTimeMillis());
    }
    ctx.close();
  }

  /** Forgets the flow (idempotent); the next datagram of the client opens a new one. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    listener.flows.remove(client, this);
    member.active.decrementAndGet();
    listener.stats.active.decrementAndGet();
    for (ByteBuf b; (b = pending.poll()) != null; ) {
      b.release();
    }
    if (ch != null) {
      member.connections.remove(ch);
      ch.close();
    }
  }
}
