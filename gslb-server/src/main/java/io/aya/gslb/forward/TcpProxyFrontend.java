package io.aya.gslb.forward;

import io.aya.gslb.zone.AddressText;
import io.aya.gslb.zone.ForwardSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.ReferenceCountUtil;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client side of one forwarded TCP connection. On accept it picks a member ({@link ForwardRoute#choose}),
 * connects to it on the same event loop (so both halves run on one thread and need no locks), retries once
 * on another member when the connect fails or times out, and refuses with a RST when no member can take the
 * connection. Then it copies bytes both ways with backpressure (a side is read only while the other can
 * take more), passes a half-close (FIN) through to the other side, and closes both when both directions are
 * done, when either side closes or resets, or after the idle timeout. Not sharable: one per connection.
 */
final class TcpProxyFrontend extends ChannelInboundHandlerAdapter implements ForwardEpollSocketChannel.SpliceSink {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TcpProxyFrontend.class);
  /**
   * Bytes one way of a connection after which that way is spliced ({@code splice(2)}, epoll only), once a
   * single read brings {@link #SPLICE_READ} bytes or more: bulk transfers, not request-sized exchanges (even
   * many on one long-lived connection), for which a pipe only adds system calls (docs/forwarding.md, "I/O").
   * System property {@code aya.forward.splice-after}; negative: never.
   */
  static final long SPLICE_AFTER = Long.getLong("aya.forward.splice-after", 256 * 1024);
  /** A read at least this large means the peer streams faster than it is read: a bulk transfer. */
  static final int SPLICE_READ = 32 * 1024;
  private final TcpForwardListener listener;
  private Channel front;
  private Channel back;
  private ForwardMember member;
  private boolean counted;
  private boolean frontInputShut;
  private boolean backInputShut;
  /** Bytes forwarded each way so far, until that way is spliced (then -1). */
  private long bytesToMember;
  private long bytesToClient;
  /** Bytes the client sent before the member connection was up (a transport may read once despite autoRead off). */
  private ByteBuf early;
  /** When a byte last went either way (System.nanoTime), for the idle timeout. */
  private long lastIoNanos;
  private ScheduledFuture<?> idleCheck;

  TcpProxyFrontend(TcpForwardListener listener) {
    this.listener = listener;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    front = ctx.channel();
    ListenerStats stats = listener.stats;
    if (stats.active.incrementAndGet() > listener.settings.maxConnections()) {
      stats.active.decrementAndGet();
      stats.refused.increment();
      ForwardListener.reset(front);
      return;
    }
    counted = true;
    stats.total.increment();
    lastIoNanos = System.nanoTime();
    idleCheck = front.eventLoop().schedule(this::idleCheck, listener.idleNanos, TimeUnit.NANOSECONDS);
    connect(null, 0);
  }

  private void connect(ForwardMember exclude, int attempt) {
    ForwardRoute route = listener.route();
    InetSocketAddress client = (InetSocketAddress) front.remoteAddress();
    ForwardRoute.Choice choice = route == null ? null
        : route.choose(listener.health.current(), client.getAddress(), exclude, System.currentTimeMillis(),
            listener.settings);
    if (choice == null) {
      listener.stats.refused.increment();
      ForwardListener.reset(front);
      return;
    }
    ForwardMember m = choice.member();
    m.active.incrementAndGet();
    if (choice.fallback()) {
      listener.stats.fallback(m.region);
    }
    Channel ch;
    try {
      ch = listener.newMemberChannel(m.address);
    } catch (ChannelException e) {
      // no socket for the member side (out of file descriptors): refuse at once
      m.active.decrementAndGet();
      listener.stats.refused.increment();
      ForwardListener.reset(front);
      return;
    }
    ch.pipeline().addLast(new TcpProxyBackend(this, m));
    long started = System.nanoTime();
    ForwardSpec.Proxy proxy = route.spec().proxy();
    // registering on the client's own event loop (from it) completes at once; connect then
    front.eventLoop().register(ch);
    ch.connect(m.address).addListener((ChannelFuture f) -> {
      if (f.isSuccess()) {
        m.connected(System.nanoTime() - started);
        if (!front.isActive()) {
          f.channel().close();
          return;
        }
        back = f.channel();
        member = m;
        m.total.increment();
        m.connections.add(front);
        if (proxy != ForwardSpec.Proxy.NONE) {
          sendProxyHeader(proxy);
        }
        if (early != null) {
          ByteBuf e = early;
          early = null;
          channelRead(null, e);
          back.flush();
        }
        if (frontInputShut) {
          shutdownOutputAfterFlush(back);
        } else {
          front.config().setAutoRead(true);
        }
        if (!backInputShut) {
          back.config().setAutoRead(true);
        }
      } else {
        f.channel().close();
        m.active.decrementAndGet();
        m.connectFailed(listener.settings.ejectAfter(), System.currentTimeMillis());
        if (!front.isActive()) {
          return;
        }
        if (attempt == 0) {
          connect(m, 1);
        } else {
          listener.stats.refused.increment();
          ForwardListener.reset(front);
        }
      }
    });
  }

  /** PROXY protocol v1 or v2 (haproxy's proxy-protocol.txt): the client's address and the one it reached. */
  private void sendProxyHeader(ForwardSpec.Proxy proxy) {
    InetSocketAddress src = (InetSocketAddress) front.remoteAddress();
    InetSocketAddress dst = (InetSocketAddress) front.localAddress();
    boolean v4 = src.getAddress() instanceof Inet4Address && dst.getAddress() instanceof Inet4Address;
    HAProxyMessage header = new HAProxyMessage(
        proxy == ForwardSpec.Proxy.V1 ? HAProxyProtocolVersion.V1 : HAProxyProtocolVersion.V2,
        HAProxyCommand.PROXY,
        v4 ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6,
        v4 ? AddressText.of(src.getAddress()) : v6(src),
        v4 ? AddressText.of(dst.getAddress()) : v6(dst),
        src.getPort(),
        dst.getPort());
    back.pipeline().addFirst(HAProxyMessageEncoder.INSTANCE);
    back.writeAndFlush(header);
    back.pipeline().remove(HAProxyMessageEncoder.INSTANCE);
  }

  /** IPv6 text (RFC 5952) for the header; an IPv4 address on a dual-stack socket as IPv4-mapped. */
  private static String v6(InetSocketAddress a) {
    String text = AddressText.of(a.getAddress());
    return a.getAddress() instanceof Inet4Address ? "::ffff:" + text : text;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    Channel b = back;
    if (b == null) {
      // still connecting: keep it for the member (never dropped, never re-sent to another one)
      early = early == null ? buf : Unpooled.wrappedBuffer(early, buf);
      return;
    }
    int n = buf.readableBytes();
    toMember(buf, n);
    if (bytesToMember >= 0 && (bytesToMember += n) >= SPLICE_AFTER && n >= SPLICE_READ && SPLICE_AFTER >= 0) {
      bytesToMember = -1;
      splice(front, b);
    }
  }

  /** Bytes from the client (a buffer, or a {@link PipeChunk} in the member side's pipe) to the member. */
  private void toMember(Object msg, int n) {
    lastIoNanos = System.nanoTime();
    member.bytesIn.add(n);
    listener.stats.bytesIn.add(n);
    back.write(msg, back.voidPromise());
    if (!back.isWritable()) {
      front.config().setAutoRead(false);
    }
  }

  /** Bytes from the member (a buffer, or a {@link PipeChunk} in the client side's pipe) to the client. */
  private void toClient(Object msg, int n) {
    lastIoNanos = System.nanoTime();
    member.bytesOut.add(n);
    listener.stats.bytesOut.add(n);
    front.write(msg, front.voidPromise());
    if (!front.isWritable()) {
      back.config().setAutoRead(false);
    }
  }

  /** From now on {@code from}'s bytes go to {@code to} by splice, when both are epoll sockets. */
  private void splice(Channel from, Channel to) {
    if (from instanceof ForwardEpollSocketChannel f && to instanceof ForwardEpollSocketChannel t) {
      f.spliceTo(t, this);
    }
  }

  /** A chunk spliced into the other side's pipe: written and flushed at once, so the pipe drains. */
  @Override
  public void spliced(ForwardEpollSocketChannel from, PipeChunk chunk) {
    int n = chunk.remaining;
    listener.stats.spliced.add(n);
    if (from == front) {
      toMember(chunk, n);
      back.flush();
    } else {
      toClient(chunk, n);
      front.flush();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (back != null) {
      back.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (back != null && !backInputShut && front.isWritable()) {
      back.config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  /** Bytes from the member to the client (called by the backend handler). */
  void fromBackend(ByteBuf buf) {
    int n = buf.readableBytes();
    toClient(buf, n);
    if (bytesToClient >= 0 && (bytesToClient += n) >= SPLICE_AFTER && n >= SPLICE_READ && SPLICE_AFTER >= 0) {
      bytesToClient = -1;
      splice(back, front);
    }
  }

  void backendReadComplete() {
    front.flush();
  }

  void backendWritabilityChanged() {
    if (back != null && !frontInputShut && back.isWritable()) {
      front.config().setAutoRead(true);
    }
  }

  /** The member sent its FIN: pass it on once what it sent before is written. */
  void backendInputShutdown() {
    backInputShut = true;
    if (back == null) {
      return;
    }
    shutdownOutputAfterFlush(front);
    closeIfBothShut();
  }

  /** The backend channel closed (member closed, reset, or we closed it). */
  void backendClosed(ForwardMember m) {
    m.connections.remove(front);
    flushAndClose(front);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      frontInputShut = true;
      if (back != null) {
        shutdownOutputAfterFlush(back);
      }
      closeIfBothShut();
      if (front.isOpen()) {
        // nothing more to read there: no more read wake-ups for a socket at EOF (after closeIfBothShut: a socket
        // closed now needs no change to its epoll interest)
        front.config().setAutoRead(false);
      }
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  private void closeIfBothShut() {
    if (frontInputShut && backInputShut) {
      flushAndClose(front);
      if (back != null) {
        flushAndClose(back);
      }
    }
  }

  /** Closes the connection when no byte went either way for the idle timeout; else looks again when it would be. */
  private void idleCheck() {
    long idleFor = System.nanoTime() - lastIoNanos;
    if (idleFor >= listener.idleNanos) {
      front.close();
    } else if (front.isOpen()) {
      idleCheck = front.eventLoop().schedule(this::idleCheck, listener.idleNanos - idleFor, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (idleCheck != null) {
      idleCheck.cancel(false);
    }
    if (early != null) {
      early.release();
      early = null;
    }
    if (counted) {
      listener.stats.active.decrementAndGet();
    }
    if (back != null) {
      flushAndClose(back);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // a reset or broken pipe from the client: nothing to tell anyone, close both halves
    if (log.isDebugEnabled()) {
      Object from = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? AddressText.of(a) : null;
      log.debug("forwarded connection from {}: {}", from, cause.toString());
    }
    front.close();
  }

  /** Sends the FIN once what waits to be written is written: at once when nothing does (the common case). */
  private static void shutdownOutputAfterFlush(Channel ch) {
    if (!hasPendingWrites(ch)) {
      shutdownOutput(ch);
    } else {
      ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
        if (ch.isActive()) {
          shutdownOutput(ch);
        }
      });
    }
  }

  private static void shutdownOutput(Channel ch) {
    if (ch instanceof ForwardChannel f) {
      f.shutdownOutputNow();
    } else if (ch instanceof DuplexChannel d) {
      d.shutdownOutput();
    }
  }

  private static boolean hasPendingWrites(Channel ch) {
    return !(ch instanceof ForwardChannel f) || f.hasPendingWrites();
  }

  static void flushAndClose(Channel ch) {
    if (ch.isActive() && hasPendingWrites(ch)) {
      ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    } else {
      ch.close();
    }
  }
}
