package io.aya.gslb.forward;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.epoll.AbstractEpollServerChannel;
import io.netty.channel.epoll.EpollChannelConfig;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.unix.NativeInetAddress;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A TCP listener's socket on Netty's native epoll transport: accepts {@link ForwardEpollSocketChannel}s (the
 * client's address comes with {@code accept4}, no {@code getpeername}); an IPv4 socket when it listens on an IPv4
 * address; {@code SO_REUSEADDR} and the backlog set here once. Event-loop confined.
 */
final class ForwardEpollServerSocketChannel extends AbstractEpollServerChannel {
  private final EpollChannelConfig config = new EpollChannelConfig(this) {};
  private final int backlog;

  ForwardEpollServerSocketChannel(InetSocketAddress bind, int backlog) {
    super(LinuxSocket.newSocketStream(!(bind.getAddress() instanceof Inet4Address)));
    this.backlog = backlog;
    try {
      socket.setReuseAddress(true);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new ChannelException("no socket for " + bind, e);
    }
  }

  @Override
  public EpollChannelConfig config() {
    return config;
  }

  @Override
  protected void doBind(SocketAddress local) throws Exception {
    super.doBind(local);
    socket.listen(backlog);
    // active: the channel-active event that follows starts reading (accepting), which adds the socket to epoll
    active = true;
  }

  @Override
  protected Channel newChildChannel(int fd, byte[] address, int offset, int len) {
    LinuxSocket accepted = LinuxSocket.newSocket(fd);
    try {
      return new ForwardEpollSocketChannel(this, accepted, NativeInetAddress.address(address, offset, len));
    } catch (RuntimeException e) {
      closeQuietly(accepted);
      throw e;
    }
  }

  private static void closeQuietly(LinuxSocket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // failing anyway
    }
  }
}
