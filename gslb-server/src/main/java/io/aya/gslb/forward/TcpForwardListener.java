package io.aya.gslb.forward;

import io.aya.gslb.health.HealthViewSource;
import io.aya.gslb.zone.AddressText;
import io.aya.gslb.zone.ForwardSpec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Accepts TCP connections on one address and port and splices each to a member chosen by the route
 * ({@link TcpProxyFrontend}). Each side's socket buffer is bounded by a write-buffer watermark: when one side
 * cannot take more, the other is not read (backpressure), so a slow reader costs at most the high watermark
 * of memory per connection.
 */
final class TcpForwardListener extends ForwardListener {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TcpForwardListener.class);
  /** Per-connection outbound buffering bound: reading the other side stops above the high mark. */
  static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 128 * 1024);

  private final int connectTimeoutMillis;
  /** The idle timeout in nanoseconds. */
  final long idleNanos;

  TcpForwardListener(
      ForwardTransport transport, EventLoopGroup group, InetSocketAddress bind, ForwardSettings settings,
      HealthViewSource health) {
    super(transport, group, bind, settings, health);
    this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
    this.idleNanos = settings.idleTimeout().toNanos();
  }

  /** A member-side channel: unregistered, with the connect timeout (set up for forwarding otherwise). */
  Channel newMemberChannel(InetSocketAddress member) {
    Channel ch = transport.memberChannel(member);
    ch.config().setConnectTimeoutMillis(connectTimeoutMillis);
    return ch;
  }

  @Override
  ForwardSpec.Protocol protocol() {
    return ForwardSpec.Protocol.TCP;
  }

  /**
   * Binds the listening socket. Accepted connections skip {@code ServerBootstrap}'s per-connection work (its
   * initializer handler added and removed, the child options applied one by one, a listener per registration):
   * each gets its {@link TcpProxyFrontend} and is registered on the next event loop, and its options are set
   * by the channel itself ({@link ForwardEpollSocketChannel}, {@link ForwardSocketChannel}).
   */
  @Override
  Channel bindChannel() throws InterruptedException {
    Channel server = transport.serverChannel(bind);
    server.pipeline().addLast(new Acceptor());
    group.next().register(server).sync();
    server.bind(bind).addListener(ChannelFutureListener.CLOSE_ON_FAILURE).sync();
    return server;
  }

  /** Registers accepted connections; after an accept error (e.g. out of file descriptors) pauses accepting 1 s. */
  private final class Acceptor extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      Channel child = (Channel) msg;
      child.pipeline().addLast(new TcpProxyFrontend(TcpForwardListener.this));
      ChannelFuture registered = group.next().register(child);
      if (registered.isDone()) {
        closeIfFailed(registered);
      } else {
        registered.addListener(this::closeIfFailed);
      }
    }

    private void closeIfFailed(Future<?> registered) {
      if (!registered.isSuccess()) {
        Channel child = ((ChannelFuture) registered).channel();
        child.unsafe().closeForcibly();
        log.warn("forward listener {}: could not register a connection: {}", AddressText.of(bind),
            registered.cause().toString());
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ChannelConfig config = ctx.channel().config();
      if (config.isAutoRead()) {
        log.warn("forward listener {}: accept failed, pausing 1 s: {}", AddressText.of(bind), cause.toString());
        config.setAutoRead(false);
        ctx.channel().eventLoop().schedule(() -> config.setAutoRead(true), 1, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  int openCount() {
    return stats.active.get();
  }
}
