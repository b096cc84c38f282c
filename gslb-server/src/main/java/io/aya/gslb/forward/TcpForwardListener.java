package io.aya.gslb.forward;

import io.aya.gslb.health.HealthViewSource;
import io.aya.gslb.zone.ForwardSpec;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;

/**
 * Accepts TCP connections on one address and port and splices each to a member chosen by the route
 * ({@link TcpProxyFrontend}). Each side's socket buffer is bounded by a write-buffer watermark: when one side
 * cannot take more, the other is not read (backpressure), so a slow reader costs at most the high watermark
 * of memory per connection.
 */
final class TcpForwardListener extends ForwardListener {
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

  /** A member-side channel, set up like {@code Bootstrap} would but without its per-connection maps. */
  Channel newMemberChannel() {
    Channel ch = transport.newSocketChannel();
    ChannelConfig c = ch.config();
    c.setAutoRead(false);
    c.setWriteBufferWaterMark(WATER_MARK);
    c.setConnectTimeoutMillis(connectTimeoutMillis);
    c.setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    c.setOption(ChannelOption.TCP_NODELAY, true);
    return ch;
  }

  @Override
  ForwardSpec.Protocol protocol() {
    return ForwardSpec.Protocol.TCP;
  }

  @Override
  Channel bindChannel() throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 4096)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new TcpProxyFrontend(TcpForwardListener.this));
          }
        });
    return b.bind(bind).sync().channel();
  }

  @Override
  int openCount() {
    return stats.active.get();
  }
}
