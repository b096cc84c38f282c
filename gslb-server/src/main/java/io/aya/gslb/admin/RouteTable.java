package io.aya.gslb.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's routes and who may call them: finds the route of a request (404, or 405 with {@code Allow}),
 * checks the bearer token of a mutating one (401, compared in constant time), answers {@code HEAD} as {@code GET}
 * (RFC 9110 §9.3.2) and turns what a handler throws into a JSON error (4xx as the handler says, 400 for a bad
 * argument, 500 for anything else). Knows nothing of HTTP transport. Immutable and thread-safe.
 */
final class RouteTable {
  private static final Logger log = LoggerFactory.getLogger(RouteTable.class);

  private final List<Route> routes;
  private final byte[] token;

  RouteTable(List<Route> routes, String token) {
    this.routes = List.copyOf(routes);
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  AdminResponse dispatch(AdminRequest request) {
    try {
      // HEAD is GET without the body (RFC 9110 §9.3.2): same status and headers, Content-Length included
      String method = "HEAD".equals(request.method()) ? "GET" : request.method();
      List<String> allowed = new ArrayList<>();
      for (Route r : routes) {
        Map<String, String> params = r.match(request.path());
        if (params == null) {
          continue;
        }
        if (!r.method().equals(method)) {
          allowed.add(r.method());
          if (r.method().equals("GET")) {
            allowed.add("HEAD");
          }
          continue;
        }
        if (r.mutating() && !authorized(request.authorization())) {
          return AdminResponse.error(401, "missing or wrong bearer token (send Authorization: Bearer <token>)");
        }
        return r.handler().handle(request.withPathParams(params));
      }
      if (!allowed.isEmpty()) {
        String list = String.join(", ", allowed);
        return AdminResponse.error(405, "method " + request.method() + " not allowed on " + request.path()
            + " (expected: " + list + ")").withHeader(HttpHeaderNames.ALLOW.toString(), list);
      }
      return AdminResponse.error(404, "no such endpoint: " + request.path());
    } catch (ApiException e) {
      return e.body() == null
          ? AdminResponse.error(e.status(), e.getMessage())
          : AdminResponse.json(e.status(), e.body());
    } catch (IllegalArgumentException e) {
      return AdminResponse.error(400, e.getMessage());
    } catch (Exception e) {
      log.warn("admin request {} {} failed", request.method(), request.path(), e);
      return AdminResponse.error(500, "internal error: " + e);
    }
  }

  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token);
  }
}
