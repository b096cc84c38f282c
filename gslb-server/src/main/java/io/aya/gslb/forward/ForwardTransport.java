package io.aya.gslb.forward;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The event loops and channel classes the forwarder runs on: Netty's native epoll transport where the platform
 * has it ({@link ForwardEpollSocketChannel}, which works around Netty 4.2's loss of queued bytes on half-closed
 * epoll sockets), NIO otherwise ({@link ForwardSocketChannel}). The system property
 * {@code aya.forward.transport=nio|epoll} picks one (for comparing them: bench/l4.sh).
 */
enum ForwardTransport {
  EPOLL,
  NIO;

  /** Listen backlog of a forward listener. */
  static final int BACKLOG = 4096;

  static ForwardTransport best() {
    String chosen = System.getProperty("aya.forward.transport", "");
    if (!chosen.isEmpty()) {
      ForwardTransport t = valueOf(chosen.toUpperCase(Locale.ROOT));
      if (t == EPOLL) {
        Epoll.ensureAvailability();
      }
      return t;
    }
    return Epoll.isAvailable() ? EPOLL : NIO;
  }

  EventLoopGroup newGroup(int threads) {
    IoHandlerFactory io = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("aya-forward", true), io);
  }

  /** An unregistered, unbound listening socket for {@code bind}. */
  Channel serverChannel(InetSocketAddress bind) {
    if (this == EPOLL) {
      return new ForwardEpollServerSocketChannel(bind, BACKLOG);
    }
    ForwardServerSocketChannel ch = new ForwardServerSocketChannel(bind);
    ch.config().setBacklog(BACKLOG).setReuseAddress(true);
    return ch;
  }

  /** An unregistered, unconnected socket for a connection to {@code member}. */
  Channel memberChannel(InetSocketAddress member) {
    return this == EPOLL ? new ForwardEpollSocketChannel(member) : new ForwardSocketChannel(member);
  }

  Class<? extends DatagramChannel> datagramChannel() {
    return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
  }
}
