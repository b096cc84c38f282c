package io.aya.gslb.forward;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.epoll.Native;
import io.netty.channel.internal.ChannelUtils;
import io.netty.channel.unix.FileDescriptor;
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
 * <p>Zero-copy for bulk transfers ({@link #spliceTo}): once a connection has moved enough bytes one way, that
 * way's bytes go socket to pipe to socket with {@code splice(2)} instead of through buffers; see
 * {@link SpliceReadAllocator} for the read side and {@link PipeChunk} for the write side.
 *
 * <p>Also cheaper than {@code EpollSocketChannel} per connection: no {@code SO_LINGER} lookup before each close
 * (the forwarder never sets a positive linger; its resets use 0), no {@code SO_SNDBUF} lookup at creation, and
 * the FIN is sent without the exception Netty builds for every {@code shutdownOutput}. Event-loop confined.
 */
final class ForwardEpollSocketChannel extends AbstractEpollStreamChannel implements ForwardChannel {
  /** Bytes spliced per system call at most (a pipe holds 64 KiB by default). */
  private static final int SPLICE_LEN = 1 << 20;
  private final ForwardEpollSocketConfig config;
  /** The pipe bytes spliced to this socket wait in: read end, write end (null until {@link #spliceTo} opens it). */
  private FileDescriptor pipeIn;
  private FileDescriptor pipeOut;
  /** Where this socket's bytes are spliced to, and who counts them (null: read the ordinary way). */
  private ForwardEpollSocketChannel spliceDst;
  private SpliceSink sink;

  /** Told of every splice from a socket into the other side's pipe (it writes the chunk and counts it). */
  interface SpliceSink {
    void spliced(ForwardEpollSocketChannel from, PipeChunk chunk);
  }

  /** A member-side socket for {@code member}'s address family, to be registered and connected. */
  ForwardEpollSocketChannel(InetSocketAddress member) {
    super(LinuxSocket.newSocketStream(!(member.getAddress() instanceof Inet4Address)), false);
    config = new ForwardEpollSocketConfig(this);
    keepRegistered();
    // read interest from the start: the member is read as soon as it is connected, and the epoll_ctl that adds
    // the socket for its connect then carries it (no EPOLL_CTL_MOD when reading starts); the connect's
    // EPOLLOUT is handled before EPOLLIN in one wake-up, so nothing is read before the forwarder has the socket
    setFlagUnregistered(Native.EPOLLIN);
  }

  /** A client's accepted socket. */
  ForwardEpollSocketChannel(Channel parent, LinuxSocket fd, InetSocketAddress remote) {
    super(parent, fd, remote);
    config = new ForwardEpollSocketConfig(this);
    keepRegistered();
  }

  /** EPOLLERR in the interest set for good (see the class comment). */
  private void keepRegistered() {
    setFlagUnregistered(Native.EPOLLERR);
  }

  /** Adds to the interest set of a channel not registered yet: no system call. */
  private void setFlagUnregistered(int flag) {
    try {
      setFlag(flag);
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  /**
   * From now on splices this socket's bytes into a pipe of {@code dst} (same event loop) and tells
   * {@code sink}, which writes the {@link PipeChunk} to {@code dst}. False when no pipe could be opened (out of
   * file descriptors): the bytes keep going the ordinary way.
   */
  boolean spliceTo(ForwardEpollSocketChannel dst, SpliceSink sink) {
    if (dst.pipeOut == null) {
      try {
        FileDescriptor[] pipe = FileDescriptor.pipe();
        dst.pipeIn = pipe[0];
        dst.pipeOut = pipe[1];
      } catch (IOException e) {
        return false;
      }
    }
    this.spliceDst = dst;
    this.sink = sink;
    return true;
  }

  /**
   * Splices what the socket holds into the other side's pipe, chunk by chunk, each written to the other side
   * (which splices it on to its socket at once when it can), until the socket is drained, at EOF, or the pipe
   * is full. Called by Netty's read loop before each read ({@link SpliceReadAllocator}).
   */
  void spliceIn() {
    ForwardEpollSocketChannel dst = spliceDst;
    if (dst == null) {
      return;
    }
    FileDescriptor out = dst.pipeOut;
    if (out == null || !dst.isActive()) {
      // the other side closed: its pipe is gone (a closed descriptor's number may be reused at once)
      spliceDst = null;
      return;
    }
    try {
      for (;;) {
        // 0: nothing to read now, EOF (the read that follows sees which), or the pipe is full
        int n = Native.splice(socket.intValue(), -1, out.intValue(), -1, SPLICE_LEN);
        if (n <= 0) {
          return;
        }
        sink.spliced(this, new PipeChunk(n));
        if (dst.pipeOut == null) {
          spliceDst = null;
          return;
        }
      }
    } catch (IOException e) {
      // a reset: the read that follows meets it and the connection closes as usual
      spliceDst = null;
    }
  }

  @Override
  protected Object filterOutboundMessage(Object msg) {
    return msg instanceof PipeChunk ? msg : super.filterOutboundMessage(msg);
  }

  @Override
  protected int doWriteSingle(ChannelOutboundBuffer in) throws Exception {
    if (in.current() instanceof PipeChunk chunk) {
      int n = Native.splice(pipeIn.intValue(), -1, socket.intValue(), -1, chunk.remaining);
      if (n == 0) {
        return ChannelUtils.WRITE_STATUS_SNDBUF_FULL;
      }
      chunk.remaining -= n;
      if (chunk.remaining == 0) {
        in.remove();
      }
      return 1;
    }
    return super.doWriteSingle(in);
  }

  @Override
  protected void doClose() throws Exception {
    // the descriptor leaves the epoll set when it is closed (it is never duplicated): closed first, Netty's
    // deregistration that follows finds it closed and spares the EPOLL_CTL_DEL it issues for an open one
    try {
      socket.close();
    } catch (IOException ignored) {
      // Netty's close below reports nothing either
    }
    try {
      super.doClose();
    } finally {
      closePipe();
    }
  }

  private void closePipe() {
    FileDescriptor in = pipeIn;
    FileDescriptor out = pipeOut;
    pipeIn = null;
    pipeOut = null;
    spliceDst = null;
    closeQuietly(in);
    closeQuietly(out);
  }

  private static void closeQuietly(FileDescriptor fd) {
    if (fd != null) {
      try {
        fd.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  @Override
  public ForwardEpollSocketConfig config() {
    return config;
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
