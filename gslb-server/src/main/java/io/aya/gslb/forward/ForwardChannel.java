package io.aya.gslb.forward;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;

/**
 * What the forwarder asks of either side's socket beyond a Netty channel: whether bytes still wait to be
 * written, and sending the FIN without Netty's {@code shutdownOutput} machinery (which builds an exception,
 * stack trace included, for every call). {@link ForwardSocketChannel} (NIO) and {@link ForwardEpollSocketChannel}
 * (epoll). Event-loop confined.
 */
interface ForwardChannel extends Channel {
  /** True while bytes wait in the channel to be written. */
  default boolean hasPendingWrites() {
    ChannelOutboundBuffer out = unsafe().outboundBuffer();
    return out != null && (!out.isEmpty() || out.totalPendingWriteBytes() > 0);
  }

  /** Sends the FIN now; the caller has made sure nothing waits to be written. Closes the channel on failure. */
  void shutdownOutputNow();
}
