package io.aya.gslb.geo;

import java.io.IOException;
import java.util.List;

/**
 * A geo data file (network map, MMDB database) that cannot be used. The message lists every problem found,
 * one per line, each as {@code file:line: message} where a line applies.
 */
public final class GeoDataException extends IOException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public GeoDataException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public GeoDataException(String problem, Throwable cause) {
    super(problem, cause);
    this.problems = List.of(problem);
  }

  /** Each problem as {@code file:line: message}. */
  public List<String> problems() {
    return problems;
  }
}
