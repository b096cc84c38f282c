package io.aya.gslb.zone;

import java.util.Objects;

/**
 * One problem found in a zone file, located by file and line. {@link #toString()} is the operator-facing
 * form {@code file:line: message} (or {@code file: message} when the problem concerns the file as a whole,
 * {@code line == 0}). Immutable.
 *
 * @param file the file as it was given (the top-level path, or an {@code $INCLUDE}d path resolved against
 *     the including file's directory)
 * @param line 1-based line number, or 0 when no line applies
 */
public record ZoneError(String file, int line, String message) {
  public ZoneError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
    if (line < 0) {
      throw new IllegalArgumentException("line: " + line + " (expected: >= 0)");
    }
  }

  @Override
  public String toString() {
    return line == 0 ? file + ": " + message : file + ":" + line + ": " + message;
  }
}
