package io.aya.gslb.health;

/**
 * An operator action named a region or endpoint (or a glob) that matches nothing the served zones declare.
 * A "not found" rather than a malformed request: the admin API answers it with 404, other
 * {@link IllegalArgumentException}s of {@link OperatorActions} (a blank or over-long target) with 400.
 */
public final class UnknownTargetException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  UnknownTargetException(String message) {
    super(message);
  }
}
