package io.aya.gslb.admin;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One admin HTTP request as the routes see it. Immutable. */
record AdminRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, String> pathParams,
    String authorization,
    byte[] body) {

  AdminRequest {
    query = Map.copyOf(query);
    pathParams = Map.copyOf(pathParams);
  }

  /** A query parameter, or null when absent. */
  String param(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** A required query parameter; 400 when absent or empty. */
  String requireParam(String name) {
    String v = param(name);
    if (v == null || v.isBlank()) {
      throw ApiException.badRequest("missing query parameter: " + name);
    }
    return v;
  }

  String pathParam(String name) {
    return pathParams.get(name);
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  AdminRequest withPathParams(Map<String, String> params) {
    return new AdminRequest(method, path, query, params, authorization, body);
  }
}
