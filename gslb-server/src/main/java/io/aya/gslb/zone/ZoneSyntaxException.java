package io.aya.gslb.zone;

/** A problem in one entry of a zone file; the caller adds the file and line. */
final class ZoneSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  ZoneSyntaxException(String message) {
    super(message, null, false, false);
  }
}
