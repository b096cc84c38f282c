package io.aya.gslb.forward;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loops and channel classes the forwarder runs on.
 *
 * <p>{@link #best()} is NIO, not native epoll: Netty 4.2's epoll transport (4.2.18, still so in 4.2.21) drops a
 * socket from the epoll set when its interest set becomes empty ({@code epoll_ctl(EPOLL_CTL_DEL)}), which
 * happens on a half-closed connection (the peer's FIN read, nothing to write at that moment), and later
 * modifies it ({@code EPOLL_CTL_MOD}) when a write has to wait for the socket: that fails with ENOENT, Netty
 * shuts the output down and fails every queued write. A forwarded connection whose client half-closes while
 * the member's reply is still streaming then ends early with a FIN: bytes lost without an error
 * (ForwardTransferTest reproduces it). {@link #EPOLL} stays for when Netty fixes it.
 */
enum ForwardTransport {
  EPOLL,
  NIO;

  static ForwardTransport best() {
    return NIO;
  }

  EventLoopGroup newGroup(int threads) {
    IoHandlerFactory io = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("aya-forward", true), io);
  }

  Class<? extends ServerSocketChannel> serverChannel() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  Class<? extends SocketChannel> socketChannel() {
    return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** A new, unregistered client socket channel (what {@code Bootstrap} would make from {@link #socketChannel()}). */
  SocketChannel newSocketChannel() {
    return this == EPOLL ? new EpollSocketChannel() : new NioSocketChannel();
  }

  Class<? extends DatagramChannel> datagramChannel() {
    return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
  }
}
