package io.aya.gslb.dnssec;

/** A zone's keys cannot be read, written or used; the message names the file and never holds key material. */
public final class KeyException extends Exception {
  private static final long serialVersionUID = 1L;

  public KeyException(String message) {
    super(message);
  }
}
