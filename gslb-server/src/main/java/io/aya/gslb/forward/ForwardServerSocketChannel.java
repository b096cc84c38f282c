package io.aya.gslb.forward;

import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.internal.SocketUtils;
import java.nio.channels.SocketChannel;
import java.util.List;

/** A TCP listener's socket: accepts {@link ForwardSocketChannel}s. Event-loop confined. */
final class ForwardServerSocketChannel extends NioServerSocketChannel {
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
