package io.aya.gslb.zone;

import java.util.ArrayList;
import java.util.List;

/**
 * A zone file was rejected. {@link #getMessage()} is the first problem as {@code file:line: message};
 * {@link #errors()} holds every problem the parser found (at least one), in file order.
 */
public final class ZoneParseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<ZoneError> errors;

  public ZoneParseException(List<ZoneError> errors) {
    super(first(errors).toString(), null, false, false);
    this.errors = List.copyOf(errors);
  }

  public ZoneParseException(ZoneError error) {
    this(List.of(error));
  }

  private static ZoneError first(List<ZoneError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("errors: [] (expected: at least one)");
    }
    return errors.get(0);
  }

  /** Every problem found, in file order; never empty. */
  public List<ZoneError> errors() {
    return errors;
  }

  /** Every problem as {@code file:line: message}, in file order. */
  public List<String> messages() {
    List<String> out = new ArrayList<>(errors.size());
    for (ZoneError e : errors) {
      out.add(e.toString());
    }
    return out;
  }
}
