package io.aya.gslb.forward;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * Either side of a forwarded TCP connection on the NIO transport (where native epoll is not available:
 * {@link ForwardTransport}): Netty's NIO socket channel, set up for forwarding in its
 * constructor (not read until the forwarder asks, half-close allowed, {@link TcpForwardListener#WATER_MARK};
 * TCP_NODELAY is already Netty's default), without per-connection work the forwarder does not need, which
 * bench/l4.sh showed in the cost of a new connection (docs/benchmarks.md):
 *
 * <ul>
 *   <li>the peer's FIN is remembered, not followed by {@code shutdown(SHUT_RD)} (it sends nothing: a system
 *       call for a socket that is not read again);
 *   <li>no {@code SO_LINGER} lookup before each close ({@code NioSocketChannel} closes a socket with a positive
 *       linger on another thread; the forwarder never sets one: its resets use linger 0);
 *   <li>{@link #shutdownOutputNow()} sends the FIN without the exception Netty builds (stack trace included)
 *       for every {@code shutdownOutput}.
 * </ul>
 *
 * <p>Event-loop confined, like every Netty channel's I/O.
 */
final class ForwardSocketChannel extends NioSocketChannel implements ForwardChannel {
  private boolean inputShut;

  /** A member-side socket for {@code member}'s address family, to be registered and connected. */
  ForwardSocketChannel(InetSocketAddress member) {
    super(open(member));
    configure();
  }

  /** A client's accepted socket. */
  ForwardSocketChannel(Channel parent, SocketChannel socket) {
    super(parent, socket);
    configure();
  }

  /**
   * An IPv4 socket for an IPv4 member (the JDK's default is a dual-stack IPv6 socket: one more system call to
   * set it up, and IPv4-mapped addresses for the kernel to translate).
   */
  private static SocketChannel open(InetSocketAddress member) {
    try {
      return member.getAddress() instanceof Inet4Address
          ? SelectorProvider.provider().openSocketChannel(StandardProtocolFamily.INET)
          : SelectorProvider.provider().openSocketChannel();
    } catch (IOException e) {
      throw new ChannelException("no socket for " + member, e);
    }
  }

  private void configure() {
    SocketChannelConfig c = config();
    c.setAutoRead(false);
    c.setAllowHalfClosure(true);
    c.setWriteBufferWaterMark(TcpForwardListener.WATER_MARK);
  }

  @Override
  public ChannelFuture shutdownInput() {
    inputShut = true;
    return newSucceededFuture();
  }

  @Override
  public boolean isInputShutdown() {
    return inputShut || super.isInputShutdown();
  }

  @Override
  protected AbstractNioUnsafe newUnsafe() {
    return new NioByteUnsafe() {};
  }

  @Override
  public void shutdownOutputNow() {
    try {
      javaChannel().shutdownOutput();
    } catch (IOException e) {
      close();
    }
  }
}
