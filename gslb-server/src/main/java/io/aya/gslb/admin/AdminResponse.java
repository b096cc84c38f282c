package io.aya.gslb.admin;

import java.util.Map;

/**
 * What a route answers: a value serialized as JSON, or plain text with its content type, plus any extra
 * response headers (e.g. {@code Allow} on a 405).
 *
 * @param json the value to serialize, or null for a text response
 */
record AdminResponse(int status, Object json, String text, String contentType, Map<String, String> headers) {
  AdminResponse {
    headers = Map.copyOf(headers);
  }

  static AdminResponse json(Object value) {
    return json(200, value);
  }

  static AdminResponse json(int status, Object value) {
    return new AdminResponse(status, value, null, "application/json", Map.of());
  }

  /** The body of every refusal: the HTTP status repeated and a sentence that says what is wrong. */
  record ApiError(int status, String error) {}

  static AdminResponse error(int status, String message) {
    return json(status, new ApiError(status, message));
  }

  static AdminResponse text(String text, String contentType) {
    return new AdminResponse(200, null, text, contentType, Map.of());
  }

  AdminResponse withHeader(String name, String value) {
    Map<String, String> h = new java.util.LinkedHashMap<>(headers);
    h.put(name, value);
    return new AdminResponse(status, json, text, contentType, h);
  }
}
