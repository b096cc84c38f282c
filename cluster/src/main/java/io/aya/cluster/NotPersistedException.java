package io.aya.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * An operator override was applied (in memory and shared with the cluster) but could not be written to the
 * state directory, so it will not survive a restart of every node unless a later write succeeds. The node
 * keeps retrying the write every heartbeat. Carries the file and the cause in words ({@link IoMessages}).
 */
public final class NotPersistedException extends UncheckedIOException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final String reason;

  public NotPersistedException(Path file, IOException cause) {
    super(file + ": cannot write: " + IoMessages.reason(cause), cause);
    this.file = file;
    this.reason = IoMessages.reason(cause);
  }

  /** The state file that could not be written. */
  public Path file() {
    return file;
  }

  /** Why, as a short phrase ("permission denied", "no space left on device"). */
  public String reason() {
    return reason;
  }
}
