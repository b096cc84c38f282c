package io.aya.gslb.forward;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.epoll.Native;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * Either side of a forwarded TCP connection on Netty's native epoll transport, set up for forwarding in its
 * constructor (not read until the forwarder asks, half-close allowed, {@link TcpForwardListener#WATER_MARK},
 * TCP_NODELAY) and kept in the event loop's epoll set for its whole life.
 *
 * <p>Why not Netty's {@code EpollSocketChannel}: in Netty 4.2 (4.2.18, still so in 4.2.21) a channel whose
 * interest set becomes empty is removed from the epoll set ({@code EpollIoHandler}'s registration issues
 * {@code EPOLL_CTL_DEL} for ops {@code NONE}) but its registration stays in the "added" state, so the next
 * non-empty interest set is an {@code EPOLL_CTL_MOD}, which fails with ENOENT. A half-closed connection gets
 * there: the peer's FIN read clears {@code EPOLLRDHUP}, the forwarder stops reading a socket at EOF
 * ({@code EPOLLIN} cleared), and with nothing waiting to be written the set is empty. The next write that has
 * to wait for the socket ({@code EPOLLOUT}) then fails, Netty shuts the output and discards the queued bytes:
 * a client that half-closed while a large reply still streamed got it cut short
 * (ForwardTransferTest.aClientThatHalfClosesWhileTheReplyStillStreamsGetsEveryByte). This channel keeps
 * {@code EPOLLERR} in its interest set from the start: the kernel reports errors whether asked or not, so it
 * changes no event, but the set is never empty and the registration is never dropped. (A socket shut both
 * ways would then keep reporting {@code EPOLLHUP}; the forwarder closes a connection as soon as both
 * directions are done.)
 *
 * <p>Also cheaper than {@code EpollSocketChannel} per connection: no {@code SO_LINGER} lookup before each close
 * (the forwarder never sets a positive linger; its resets use 0), no {@code SO_SNDBUF} lookup at creation, and
 * the FIN is sent without the exception Netty builds for every {@code shutdownOutput}. Event-loop confined.
 */
final class ForwardEpollSocketChannel extends AbstractEpollStreamChannel implements ForwardChannel {
  private final ForwardEpollSocketConfig config;

  /** A member-side socket for {@code member}'s address family, to be registered and connected. */
  ForwardEpollSocketChannel(InetSocketAddress member) {
    super(LinuxSocket.newSocketStream(!(member.getAddress() instanceof Inet4Address)), false);
    config = new ForwardEpollSocketConfig(this);
    keepRegistered();
  }

  /** A client's accepted socket. */
  ForwardEpollSocketChannel(Channel parent, LinuxSocket fd, InetSocketAddress remote) {
    super(parent, fd, remote);
    config = new ForwardEpollSocketConfig(this);
    keepRegistered();
  }

  /** EPOLLERR in the interest set for good (see the class comment); no system call: not registered yet. */
  private void keepRegistered() {
    try {
      setFlag(Native.EPOLLERR);
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public ForwardEpollSocketConfig config() {
    return config;
  }

  LinuxSocket socket() {
    return socket;
  }

  @Override
  public boolean hasPendingWrites() {
    ChannelOutboundBuffer out = unsafe().outboundBuffer();
    return out != null && (!out.isEmpty() || out.totalPendingWriteBytes() > 0);
  }

  @Override
  public void shutdownOutputNow() {
    try {
      socket.shutdown(false, true);
    } catch (IOException e) {
      close();
    }
  }
}
