package io.aya.gslb.admin;

/**
 * What a route answers: a value serialized as JSON, or plain text with its content type.
 *
 * @param json the value to serialize, or null for a text response
 */
record AdminResponse(int status, Object json, String text, String contentType) {
  static AdminResponse json(Object value) {
    return new AdminResponse(200, value, null, "application/json");
  }

  static AdminResponse json(int status, Object value) {
    return new AdminResponse(status, value, null, "application/json");
  }

  static AdminResponse text(String text, String contentType) {
    return new AdminResponse(200, null, text, contentType);
  }
}
