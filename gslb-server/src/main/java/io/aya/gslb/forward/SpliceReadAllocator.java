package io.aya.gslb.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * Netty's adaptive receive-buffer sizing for a {@link ForwardEpollSocketChannel}, with one addition: before each
 * read of the socket (Netty asks for a buffer first) the channel splices what the socket holds into the other
 * side's pipe, when it splices ({@link ForwardEpollSocketChannel#spliceIn()}). Netty's read then finds the socket
 * drained (no copy) or at EOF (the FIN handled as for any read, after every byte before it), or takes what
 * arrived in between, or what did not fit in a full pipe, the ordinary way.
 */
final class SpliceReadAllocator implements RecvByteBufAllocator {
  private final ForwardEpollSocketChannel channel;
  private final RecvByteBufAllocator sizing;

  SpliceReadAllocator(ForwardEpollSocketChannel channel, int maxMessagesPerRead) {
    this.channel = channel;
    this.sizing = new AdaptiveRecvByteBufAllocator().maxMessagesPerRead(maxMessagesPerRead);
  }

  @Override
  public Handle newHandle() {
    return new SpliceHandle(channel, (ExtendedHandle) sizing.newHandle());
  }

  private static final class SpliceHandle implements ExtendedHandle {
    private final ForwardEpollSocketChannel channel;
    private final ExtendedHandle sizing;

    SpliceHandle(ForwardEpollSocketChannel channel, ExtendedHandle sizing) {
      this.channel = channel;
      this.sizing = sizing;
    }

    @Override
    public ByteBuf allocate(ByteBufAllocator alloc) {
      channel.spliceIn();
      return sizing.allocate(alloc);
    }

    @Override
    public int guess() {
      return sizing.guess();
    }

    @Override
    public void reset(ChannelConfig config) {
      sizing.reset(config);
    }

    @Override
    public void incMessagesRead(int numMessages) {
      sizing.incMessagesRead(numMessages);
    }

    @Override
    public void lastBytesRead(int bytes) {
      sizing.lastBytesRead(bytes);
    }

    @Override
    public int lastBytesRead() {
      return sizing.lastBytesRead();
    }

    @Override
    public void attemptedBytesRead(int bytes) {
      sizing.attemptedBytesRead(bytes);
    }

    @Override
    public int attemptedBytesRead() {
      return sizing.attemptedBytesRead();
    }

    @Override
    public boolean continueReading() {
      return sizing.continueReading();
    }

    @Override
    public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
      return sizing.continueReading(maybeMoreDataSupplier);
    }

    @Override
    public void readComplete() {
      sizing.readComplete();
    }
  }
}
