package io.aya.gslb.forward;

/**
 * Every test of {@link ForwardTransferTest} again on the NIO transport, the forwarder's fallback where native
 * epoll is not available (and the one {@code aya.forward.transport=nio} picks).
 */
class ForwardTransferNioTest extends ForwardTransferTest {
  @Override
  ForwardFixture newFixture() {
    return new ForwardFixture(ForwardTransport.NIO);
  }
}
