package io.aya.gslb.forward;

import java.time.Duration;
import java.util.Objects;

/**
 * The forwarder's limits and timeouts, the same for every listener of a node. Immutable, checked here.
 *
 * @param connectTimeout a member that has not accepted the connection by then counts as failed (retried
 *     once on another member)
 * @param idleTimeout a TCP connection with no byte either way for this long is closed
 * @param drainTimeout open connections to a member that stopped taking new ones (drained, down, removed
 *     from the zone) are closed after this long
 * @param maxConnections most open connections per listener (more are refused with a RST)
 * @param ejectAfter consecutive connect failures that eject a member locally (passive health)
 * @param ejectRetry how long an ejected member without an active check stays out before one try
 * @param udpIdleTimeout a UDP flow with no datagram either way for this long is forgotten
 * @param maxUdpFlows most UDP flows per listener (datagrams of further clients are dropped)
 */
public record ForwardSettings(
    Duration connectTimeout,
    Duration idleTimeout,
    Duration drainTimeout,
    int maxConnections,
    int ejectAfter,
    Duration ejectRetry,
    Duration udpIdleTimeout,
    int maxUdpFlows) {

  /** An {@link #ejectAfter()} that no failure streak reaches: passive ejection off. */
  public static final int NEVER_EJECT = 10_000_000;

  public static final ForwardSettings DEFAULTS = new ForwardSettings(Duration.ofSeconds(2), Duration.ofMinutes(5),
      Duration.ofSeconds(30), 100_000, 3, Duration.ofSeconds(10), Duration.ofSeconds(30), 100_000);

  public ForwardSettings {
    positive("connectTimeout", connectTimeout);
    positive("idleTimeout", idleTimeout);
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    if (drainTimeout.isNegative()) {
      throw new IllegalArgumentException("drainTimeout: " + drainTimeout + " (expected: >= 0)");
    }
    positive("ejectRetry", ejectRetry);
    positive("udpIdleTimeout", udpIdleTimeout);
    range("maxConnections", maxConnections);
    range("ejectAfter", ejectAfter);
    range("maxUdpFlows", maxUdpFlows);
  }

  public ForwardSettings withConnectTimeout(Duration d) {
    return new ForwardSettings(d, idleTimeout, drainTimeout, maxConnections, ejectAfter, ejectRetry, udpIdleTimeout, maxUdpFlows);
  }

  public ForwardSettings withIdleTimeout(Duration d) {
    return new ForwardSettings(connectTimeout, d, drainTimeout, maxConnections, ejectAfter, ejectRetry, udpIdleTimeout, maxUdpFlows);
  }

  public ForwardSettings withDrainTimeout(Duration d) {
    return new ForwardSettings(connectTimeout, idleTimeout, d, maxConnections, ejectAfter, ejectRetry, udpIdleTimeout, maxUdpFlows);
  }

  public ForwardSettings withMaxConnections(int n) {
    return new ForwardSettings(connectTimeout, idleTimeout, drainTimeout, n, ejectAfter, ejectRetry, udpIdleTimeout, maxUdpFlows);
  }

  public ForwardSettings withEjectAfter(int n) {
    return new ForwardSettings(connectTimeout, idleTimeout, drainTimeout, maxConnections, n, ejectRetry, udpIdleTimeout, maxUdpFlows);
  }

  public ForwardSettings withUdpIdleTimeout(Duration d) {
    return new ForwardSettings(connectTimeout, idleTimeout, drainTimeout, maxConnections, ejectAfter, ejectRetry, d, maxUdpFlows);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
    }
  }

  private static void range(String name, int v) {
    if (v < 1 || v > 10_000_000) {
      throw new IllegalArgumentException(name + ": " + v + " (expected: 1..10000000)");
    }
  }
}
