package io.aya.gslb.forward;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loops and channel classes the forwarder runs on: Netty's NIO transport (forwarded TCP connections
 * are {@link ForwardSocketChannel}s, a trimmed NIO socket channel).
 *
 * <p>Not the native epoll transport: Netty 4.2's (4.2.18, still so in 4.2.21) drops a socket from the epoll set
 * when its interest set becomes empty ({@code epoll_ctl(EPOLL_CTL_DEL)}), which happens on a half-closed
 * connection (the peer's FIN read, nothing to write at that moment), and later modifies it
 * ({@code EPOLL_CTL_MOD}) when a write has to wait for the socket: that fails with ENOENT, Netty shuts the
 * output down and fails every queued write. A forwarded connection whose client half-closes while the
 * member's reply is still streaming then ends early with a FIN: bytes lost without an error
 * (ForwardTransferTest reproduces it). Without epoll there is no {@code splice(2)} either: bench/l4-splice.sh
 * measures what that costs (docs/forwarding.md, "I/O").
 */
enum ForwardTransport {
  NIO;

  static ForwardTransport best() {
    return NIO;
  }

  EventLoopGroup newGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory("aya-forward", true), NioIoHandler.newFactory());
  }

  Class<? extends ServerSocketChannel> serverChannel() {
    return NioServerSocketChannel.class;
  }

  Class<? extends DatagramChannel> datagramChannel() {
    return NioDatagramChannel.class;
  }
}
