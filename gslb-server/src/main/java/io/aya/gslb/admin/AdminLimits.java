package io.aya.gslb.admin;

import java.time.Duration;
import java.util.Objects;

/**
 * What the admin port allows one client, so that it cannot exhaust the process's file descriptors (which DNS
 * over TCP needs too) or its workers. Immutable; checked when built.
 *
 * @param maxConnections open admin connections at most (1..65535); at the limit a new connection closes the
 *     longest-idle one, or is closed itself when every one has a request in progress
 * @param requestTimeout a request (headers and body) must arrive whole within this time of the connection opening
 *     or of the previous request; an idle keep-alive connection is closed after it too
 * @param maxPipelined requests of one connection queued or running at once (1..1024); more pipelined requests are
 *     answered 503 without being executed
 */
public record AdminLimits(int maxConnections, Duration requestTimeout, int maxPipelined) {
  /** 128 connections, 10 s per request, 32 pipelined requests. */
  public static final AdminLimits DEFAULTS = new AdminLimits(128, Duration.ofSeconds(10), 32);

  public AdminLimits {
    if (maxConnections < 1 || maxConnections > 65535) {
      throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: 1..65535)");
    }
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout: " + requestTimeout + " (expected: > 0)");
    }
    if (maxPipelined < 1 || maxPipelined > 1024) {
      throw new IllegalArgumentException("maxPipelined: " + maxPipelined + " (expected: 1..1024)");
    }
  }
}
