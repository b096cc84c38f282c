package io.aya.gslb.forward;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/** A real TCP backend on a loopback address for the forwarding tests. */
final class TcpBackend implements AutoCloseable {
  enum Mode {
    /** Writes its id byte, then closes. */
    ID,
    /** Writes its id byte and keeps the connection open. */
    HOLD_ID,
    /** Echoes everything; a FIN from the client is answered by a FIN after the echo. */
    ECHO,
    /** Writes bytes as fast as the peer takes them. */
    SOURCE,
    /** Reads a PROXY protocol header, then writes its id byte and closes. */
    PROXY_ID
  }

  final InetSocketAddress address;
  final AtomicInteger accepted = new AtomicInteger();
  final Set<Channel> open = ConcurrentHashMap.newKeySet();
  final List<HAProxyMessage> proxyHeaders = new CopyOnWriteArrayList<>();
  /** ECHO: what reached the member, over all its connections (bytes and CRC-32 in arrival order). */
  private final CRC32 receivedCrc = new CRC32();
  private long receivedBytes;
  private final Channel server;

  private TcpBackend(Channel server) {
    this.server = server;
    this.address = (InetSocketAddress) server.localAddress();
  }

  /**
   * Starts a backend on {@code host}:0 on {@code group}, an NIO group ({@code ForwardTransport.NIO.newGroup}):
   * backends are the reference peer, not the code under test, and Netty's own epoll channels lose queued bytes
   * on half-closed sockets (see ForwardEpollSocketChannel).
   */
  static TcpBackend start(EventLoopGroup group, String host, Mode mode, int id)
      throws InterruptedException {
    TcpBackend[] self = new TcpBackend[1];
    Channel ch = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 8192)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel c) {
            if (mode == Mode.PROXY_ID) {
              c.pipeline().addLast(new HAProxyMessageDecoder());
            }
            c.pipeline().addLast(new Handler(self, mode, id));
          }
        })
        .bind(host, 0).sync().channel();
    self[0] = new TcpBackend(ch);
    return self[0];
  }

  private synchronized void received(ByteBuf b) {
    receivedCrc.update(b.nioBuffer());
    receivedBytes += b.readableBytes();
  }

  /** ECHO: bytes received so far. */
  synchronized long receivedBytes() {
    return receivedBytes;
  }

  /** ECHO: CRC-32 of the bytes received so far. */
  synchronized long receivedCrc() {
    return receivedCrc.getValue();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    for (Channel c : open) {
      c.close();
    }
  }

  private static final class Handler extends ChannelInboundHandlerAdapter {
    private final TcpBackend[] self;
    private final Mode mode;
    private final int id;

    Handler(TcpBackend[] self, Mode mode, int id) {
      this.self = self;
      this.mode = mode;
      this.id = id;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      self[0].accepted.incrementAndGet();
      self[0].open.add(ctx.channel());
      ctx.channel().closeFuture().addListener(f -> self[0].open.remove(ctx.channel()));
      switch (mode) {
        case ID:
          ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) id})).addListener(ChannelFutureListener.CLOSE);
          break;
        case HOLD_ID:
          ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) id}));
          break;
        case SOURCE:
          pump(ctx);
          break;
        default:
          break;
      }
    }

    private void pump(ChannelHandlerContext ctx) {
      while (ctx.channel().isWritable()) {
        ctx.write(ctx.alloc().buffer(16384).writeZero(16384));
      }
      ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (mode == Mode.SOURCE && ctx.channel().isWritable()) {
        pump(ctx);
      } else if (mode == Mode.ECHO) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HAProxyMessage h) {
        self[0].proxyHeaders.add(h);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) id})).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      if (mode == Mode.ECHO && msg instanceof ByteBuf b) {
        self[0].received(b);
        ctx.write(msg);
        if (!ctx.channel().isWritable()) {
          ctx.channel().config().setAutoRead(false);
        }
      } else {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ChannelInputShutdownEvent) {
        // the echo is complete: FIN back, and nothing more to read
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
