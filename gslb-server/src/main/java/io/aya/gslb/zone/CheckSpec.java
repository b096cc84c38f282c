package io.aya.gslb.zone;

import java.time.Duration;
import java.util.Objects;

/**
 * A named health check: {@code $CHECK name tcp|http|https port=N [path=/p] [expect=200] [body=substr]
 * [host=h] interval=2s timeout=1s rise=2 fall=2}.
 *
 * @param expectBody substring the response body must contain, or null
 * @param host Host header for HTTP(S), or null to use the endpoint address
 */
public record CheckSpec(
    String name,
    CheckType type,
    int port,
    String path,
    int expectStatus,
    String expectBody,
    String host,
    Duration interval,
    Duration timeout,
    int rise,
    int fall) {
  public CheckSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
    }
    if (rise < 1 || fall < 1) {
      throw new IllegalArgumentException("rise/fall: " + rise + "/" + fall + " (expected: >= 1)");
    }
    if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("interval/timeout must be positive");
    }
  }
}
