package io.aya.gslb.forward;

/**
 * What the forwarder asks of either side's socket beyond a Netty channel: whether bytes still wait to be
 * written, and sending the FIN without Netty's {@code shutdownOutput} machinery (which builds an exception,
 * stack trace included, for every call). {@link ForwardSocketChannel} (NIO) and {@link ForwardEpollSocketChannel}
 * (epoll). Event-loop confined.
 */
interface ForwardChannel {
  /** True while bytes wait in the channel to be written. */
  boolean hasPendingWrites();

  /** Sends the FIN now; the caller has made sure nothing waits to be written. Closes the channel on failure. */
  void shutdownOutputNow();
}
