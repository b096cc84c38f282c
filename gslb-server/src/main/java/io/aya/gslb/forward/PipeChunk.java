package io.aya.gslb.forward;

/**
 * Bytes that wait in a {@link ForwardEpollSocketChannel}'s pipe to be spliced to its socket: a message in that
 * channel's outbound buffer, so they leave in stream order with the buffers written before and after them,
 * count against its write-buffer water mark, and a FIN queued behind them waits for them. Not reference counted:
 * the pipe is closed with the channel. Event-loop confined.
 */
final class PipeChunk {
  /** Bytes of this chunk still in the pipe. */
  int remaining;

  PipeChunk(int bytes) {
    this.remaining = bytes;
  }
}
