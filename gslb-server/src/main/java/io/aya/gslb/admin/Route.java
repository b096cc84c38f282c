package io.aya.gslb.admin;

import java.util.HashMap;
import java.util.Map;

/**
 * One admin endpoint: method, a path template with {@code {name}} segments, whether it mutates state (and
 * so needs the bearer token), and its handler.
 */
final class Route {
  /** Handles a matched request. */
  @FunctionalInterface
  interface Handler {
    AdminResponse handle(AdminRequest request) throws Exception;
  }

  private final String method;
  private final String template;
  private final String[] segments;
  private final boolean mutating;
  private final Handler handler;

  Route(String method, String template, boolean mutating, Handler handler) {
    this.method = method;
    this.template = template;
    this.segments = split(template);
    this.mutating = mutating;
    this.handler = handler;
  }

  String method() {
    return method;
  }

  /** The path as registered, with {@code {name}} segments. */
  String template() {
    return template;
  }

  boolean mutating() {
    return mutating;
  }

  Handler handler() {
    return handler;
  }

  /** The path parameters when the path matches this route's template, else null. */
  Map<String, String> match(String path) {
    String[] parts = split(path);
    if (parts.length != segments.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String s = segments[i];
      if (s.startsWith("{") && s.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return null;
        }
        params.put(s.substring(1, s.length() - 1), parts[i]);
      } else if (!s.equals(parts[i])) {
        return null;
      }
    }
    return params;
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }
}
