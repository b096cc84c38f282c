package io.aya.gslb.zone;

/** A position in a zone file, for messages: {@code file:line}. */
record Where(String file, int line) {
  ZoneError error(String message) {
    return new ZoneError(file, line, message);
  }

  @Override
  public String toString() {
    return file + ":" + line;
  }
}
