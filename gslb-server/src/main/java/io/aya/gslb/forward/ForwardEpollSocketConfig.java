package io.aya.gslb.forward;

import static io.netty.channel.ChannelOption.ALLOW_HALF_CLOSURE;
import static io.netty.channel.ChannelOption.SO_KEEPALIVE;
import static io.netty.channel.ChannelOption.SO_LINGER;
import static io.netty.channel.ChannelOption.SO_RCVBUF;
import static io.netty.channel.ChannelOption.SO_SNDBUF;
import static io.netty.channel.ChannelOption.TCP_NODELAY;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelConfig;
import io.netty.channel.socket.SocketChannelConfig;
import java.io.IOException;

/**
 * The configuration of a {@link ForwardEpollSocketChannel} (Netty's {@code EpollSocketChannelConfig} cannot be
 * made for another channel class): the forwarder's settings applied once at creation (not read until asked,
 * half-close allowed, {@link TcpForwardListener#WATER_MARK}, TCP_NODELAY), socket options straight to the socket.
 * Netty reads {@link #isAllowHalfClosure()} to pass the peer's FIN on as an event instead of closing.
 */
final class ForwardEpollSocketConfig extends EpollChannelConfig implements SocketChannelConfig {
  private volatile boolean allowHalfClosure;

  /** Sizes what waits to be written: buffers as Netty does, {@link PipeChunk}s by the bytes still in the pipe. */
  private static final MessageSizeEstimator SIZE = new MessageSizeEstimator() {
    private final Handle handle = new Handle() {
      private final Handle buffers = DefaultMessageSizeEstimator.DEFAULT.newHandle();

      @Override
      public int size(Object msg) {
        return msg instanceof PipeChunk chunk ? chunk.remaining : buffers.size(msg);
      }
    };

    @Override
    public Handle newHandle() {
      return handle;
    }
  };

  ForwardEpollSocketConfig(ForwardEpollSocketChannel channel) {
    super(channel, new SpliceReadAllocator(channel, channel.metadata().defaultMaxMessagesPerRead()));
    setMessageSizeEstimator(SIZE);
    setAutoRead(false);
    allowHalfClosure = true;
    setWriteBufferWaterMark(TcpForwardListener.WATER_MARK);
    setTcpNoDelay(true);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T getOption(ChannelOption<T> option) {
    if (option == SO_LINGER) {
      return (T) Integer.valueOf(getSoLinger());
    } else if (option == TCP_NODELAY) {
      return (T) Boolean.valueOf(isTcpNoDelay());
    } else if (option == ALLOW_HALF_CLOSURE) {
      return (T) Boolean.valueOf(allowHalfClosure);
    } else if (option == SO_RCVBUF) {
      return (T) Integer.valueOf(getReceiveBufferSize());
    } else if (option == SO_SNDBUF) {
      return (T) Integer.valueOf(getSendBufferSize());
    } else if (option == SO_KEEPALIVE) {
      return (T) Boolean.valueOf(isKeepAlive());
    }
    return super.getOption(option);
  }

  @Override
  public <T> boolean setOption(ChannelOption<T> option, T value) {
    validate(option, value);
    if (option == SO_LINGER) {
      setSoLinger((Integer) value);
    } else if (option == TCP_NODELAY) {
      setTcpNoDelay((Boolean) value);
    } else if (option == ALLOW_HALF_CLOSURE) {
      setAllowHalfClosure((Boolean) value);
    } else if (option == SO_RCVBUF) {
      setReceiveBufferSize((Integer) value);
    } else if (option == SO_SNDBUF) {
      setSendBufferSize((Integer) value);
    } else if (option == SO_KEEPALIVE) {
      setKeepAlive((Boolean) value);
    } else {
      return super.setOption(option, value);
    }
    return true;
  }

  /** A socket option call; an I/O error becomes Netty's {@link ChannelException}, as in its own configs. */
  private interface SocketCall<T> {
    T call() throws IOException;
  }

  private static <T> T io(SocketCall<T> call) {
    try {
      return call.call();
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public boolean isTcpNoDelay() {
    return io(() -> socket().isTcpNoDelay());
  }

  @Override
  public ForwardEpollSocketConfig setTcpNoDelay(boolean tcpNoDelay) {
    // once per connection: no lambda
    try {
      socket().setTcpNoDelay(tcpNoDelay);
      return this;
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public int getSoLinger() {
    return io(() -> socket().getSoLinger());
  }

  @Override
  public ForwardEpollSocketConfig setSoLinger(int soLinger) {
    // once per reset: no lambda
    try {
      socket().setSoLinger(soLinger);
      return this;
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  @Override
  public int getSendBufferSize() {
    return io(() -> socket().getSendBufferSize());
  }

  @Override
  public ForwardEpollSocketConfig setSendBufferSize(int sendBufferSize) {
    return io(() -> {
      socket().setSendBufferSize(sendBufferSize);
      return this;
    });
  }

  @Override
  public int getReceiveBufferSize() {
    return io(() -> socket().getReceiveBufferSize());
  }

  @Override
  public ForwardEpollSocketConfig setReceiveBufferSize(int receiveBufferSize) {
    return io(() -> {
      socket().setReceiveBufferSize(receiveBufferSize);
      return this;
    });
  }

  @Override
  public boolean isKeepAlive() {
    return io(() -> socket().isKeepAlive());
  }

  @Override
  public ForwardEpollSocketConfig setKeepAlive(boolean keepAlive) {
    return io(() -> {
      socket().setKeepAlive(keepAlive);
      return this;
    });
  }

  @Override
  public int getTrafficClass() {
    return io(() -> socket().getTrafficClass());
  }

  @Override
  public ForwardEpollSocketConfig setTrafficClass(int trafficClass) {
    return io(() -> {
      socket().setTrafficClass(trafficClass);
      return this;
    });
  }

  @Override
  public boolean isReuseAddress() {
    return io(() -> socket().isReuseAddress());
  }

  @Override
  public ForwardEpollSocketConfig setReuseAddress(boolean reuseAddress) {
    return io(() -> {
      socket().setReuseAddress(reuseAddress);
      return this;
    });
  }

  @Override
  public ForwardEpollSocketConfig setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
    return this;
  }

  @Override
  public boolean isAllowHalfClosure() {
    return allowHalfClosure;
  }

  @Override
  public ForwardEpollSocketConfig setAllowHalfClosure(boolean allowHalfClosure) {
    this.allowHalfClosure = allowHalfClosure;
    return this;
  }

  @Override
  public ForwardEpollSocketConfig setConnectTimeoutMillis(int connectTimeoutMillis) {
    super.setConnectTimeoutMillis(connectTimeoutMillis);
    return this;
  }

  @Override
  @Deprecated
  public ForwardEpollSocketConfig setMaxMessagesPerRead(int maxMessagesPerRead) {
    super.setMaxMessagesPerRead(maxMessagesPerRead);
    return this;
  }

  @Override
  public ForwardEpollSocketConfig setWriteSpinCount(int writeSpinCount) {
    super.setWriteSpinCount(writeSpinCount);
    return this;
  }

  @Override
  public ForwardEpollSocketConfig setAllocator(ByteBufAllocator allocator) {
    super.setAllocator(allocator);
    return this;
  }

  @Override
  public ForwardEpollSocketConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
    super.setRecvByteBufAllocator(allocator);
    return this;
  }

  @Override
  public ForwardEpollSocketConfig setAutoRead(boolean autoRead) {
    super.setAutoRead(autoRead);
    return this;
  }

  @Override
  public ForwardEpollSocketConfig setAutoClose(boolean autoClose) {
    super.setAutoClose(autoClose);
    return this;
  }

  @Override
  public ForwardEpollSocketConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
    super.setMessageSizeEstimator(estimator);
    return this;
  }

  @Override
  public ForwardEpollSocketConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
    super.setWriteBufferWaterMark(writeBufferWaterMark);
    return this;
  }
}
