package io.aya.gslb.cli;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/**
 * Why an operator command failed, as one line for the operator, with the exit status it ends with. The
 * statuses are documented in the README and docs/operations.md.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The node refused or failed the request (unknown region, zone file that does not load, ...). */
  static final int REFUSED = 1;
  /** Wrong flags, unreadable config or token file. */
  static final int USAGE = 2;
  /** No AYA admin API answered at the address. */
  static final int UNREACHABLE = 3;
  /** No token found, or the node refused it (HTTP 401). */
  static final int UNAUTHORIZED = 4;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  /** A network failure in words, without Java class names: "connection refused", "timed out", ... */
  static String reason(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ConnectException && !(c instanceof HttpConnectTimeoutException)) {
        return "connection refused";
      }
    }
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().isBlank())) {
      t = t.getCause();
    }
    if (t instanceof HttpConnectTimeoutException) {
      return "timed out connecting";
    }
    if (t instanceof HttpTimeoutException) {
      return "no answer in time";
    }
    if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
      return "host does not resolve";
    }
    if (t instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (t instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    String m = t.getMessage();
    return m == null || m.isBlank() ? "connection failed" : m;
  }
}
