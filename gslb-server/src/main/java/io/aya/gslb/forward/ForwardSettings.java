package io.aya.gslb.forward;

import io.aya.gslb.setting.DurationRange;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The forwarder's limits and timeouts, the same for every listener of a node. Immutable; every value is
 * checked here, once, with the name and range of its {@code forward-*} setting (docs/configuration.md).
 *
 * @param connectTimeout a member that has not accepted the connection by then counts as failed (retried
 *     once on another member)
 * @param idleTimeout a TCP connection with no byte either way for this long is closed
 * @param drainTimeout open connections to a member that stopped taking new ones (drained, down, removed
 *     from the zone) are closed after this long
 * @param maxConnections most open connections per listener (more are refused with a RST)
 * @param ejectAfter consecutive connect failures that eject a member locally (passive health), 1..1000, or
 *     {@link #NEVER_EJECT} (0 is taken as that: off)
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

  /** The most {@link #ejectAfter()} other than {@link #NEVER_EJECT}. */
  public static final int MAX_EJECT_AFTER = 1000;

  private static final int MAX_COUNT = 10_000_000;
  private static final DurationRange CONNECT_TIMEOUT =
      new DurationRange("forward-connect-timeout-ms", ChronoUnit.MILLIS, 1, 60_000);
  private static final DurationRange IDLE_TIMEOUT =
      new DurationRange("forward-idle-timeout-seconds", ChronoUnit.SECONDS, 1, 86_400);
  private static final DurationRange DRAIN_TIMEOUT =
      new DurationRange("forward-drain-timeout-seconds", ChronoUnit.SECONDS, 0, 86_400);
  private static final DurationRange EJECT_RETRY =
      new DurationRange("forward-eject-retry-seconds", ChronoUnit.SECONDS, 1, 3600);
  private static final DurationRange UDP_IDLE_TIMEOUT =
      new DurationRange("forward-udp-idle-timeout-seconds", ChronoUnit.SECONDS, 1, 3600);

  // after the ranges: the constructor checks with them
  public static final ForwardSettings DEFAULTS = new ForwardSettings(Duration.ofSeconds(2), Duration.ofMinutes(5),
      Duration.ofSeconds(30), 100_000, 3, Duration.ofSeconds(10), Duration.ofSeconds(30), 100_000);

  public ForwardSettings {
    CONNECT_TIMEOUT.check(connectTimeout);
    IDLE_TIMEOUT.check(idleTimeout);
    DRAIN_TIMEOUT.check(drainTimeout);
    EJECT_RETRY.check(ejectRetry);
    UDP_IDLE_TIMEOUT.check(udpIdleTimeout);
    range("forward-max-connections", maxConnections);
    if (ejectAfter == 0) {
      ejectAfter = NEVER_EJECT;
    } else if (ejectAfter != NEVER_EJECT && (ejectAfter < 0 || ejectAfter > MAX_EJECT_AFTER)) {
      throw new IllegalArgumentException(
          "forward-eject-after: " + ejectAfter + " (expected: 0.." + MAX_EJECT_AFTER + ")");
    }
    range("forward-max-udp-flows", maxUdpFlows);
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

  private static void range(String name, int v) {
    if (v < 1 || v > MAX_COUNT) {
      throw new IllegalArgumentException(name + ": " + v + " (expected: 1.." + MAX_COUNT + ")");
    }
  }
}
