package io.aya.gslb.admin;

/** A request the admin API refuses; becomes a JSON error body with this HTTP status. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final transient Object body;

  public ApiException(int status, String message) {
    this(status, message, null);
  }

  /**
   * @param body the whole JSON body to answer (it should carry {@code status} and {@code error} like every
   *     refusal), or null for the standard {@code {"status": N, "error": message}}
   */
  public ApiException(int status, String message, Object body) {
    super(message, null, false, false);
    this.status = status;
    this.body = body;
  }

  public int status() {
    return status;
  }

  /** The JSON body to answer, or null for the standard one. */
  Object body() {
    return body;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, message);
  }
}
