package io.aya.gslb.forward;

import io.netty.channel.ChannelException;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.internal.SocketUtils;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.List;

/**
 * A TCP listener's socket: accepts {@link ForwardSocketChannel}s; an IPv4 socket when it listens on an IPv4
 * address (the JDK's default is dual-stack IPv6, whose accepted sockets carry IPv4-mapped addresses).
 * Event-loop confined.
 */
final class ForwardServerSocketChannel extends NioServerSocketChannel {
  ForwardServerSocketChannel(InetSocketAddress bind) {
    super(open(bind));
  }

  private static ServerSocketChannel open(InetSocketAddress bind) {
    try {
      return bind.getAddress() instanceof Inet4Address
          ? SelectorProvider.provider().openServerSocketChannel(StandardProtocolFamily.INET)
          : SelectorProvider.provider().openServerSocketChannel();
    } catch (IOException e) {
      throw new ChannelException("no socket for " + bind, e);
    }
  }

  @Override
  protected int doReadMessages(List<Object> buf) throws Exception {
    SocketChannel accepted = SocketUtils.accept(javaChannel());
    if (accepted == null) {
      return 0;
    }
    try {
      buf.add(new ForwardSocketChannel(this, accepted));
      return 1;
    } catch (RuntimeException e) {
      accepted.close();
      throw e;
    }
  }
}
