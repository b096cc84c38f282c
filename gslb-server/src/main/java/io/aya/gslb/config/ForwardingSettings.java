package io.aya.gslb.config;

import io.aya.gslb.forward.ForwardSettings;
import java.time.Duration;

/**
 * The forwarder's {@code forward-*} settings (docs/configuration.md) as {@link ForwardSettings}: each value
 * checked with the name the config file gives it ({@code "forward-connect-timeout-ms: 0 (expected:
 * 1..60000)"}), unset ones at {@link ForwardSettings#DEFAULTS}. They apply to a node with {@code region} and
 * {@code forward-address}; a node that does not forward ignores them.
 */
final class ForwardingSettings {
  private ForwardingSettings() {}

  static ForwardSettings of(ConfigLoader.Settings flags, ConfigLoader.Settings file) {
    ForwardSettings d = ForwardSettings.DEFAULTS;
    int ejectAfter = value("forward-eject-after", flags.forwardEjectAfter, file.forwardEjectAfter,
        ServerConfig.Forwarding.DEFAULT_EJECT_AFTER, 0, 1000);
    return new ForwardSettings(
        Duration.ofMillis(value("forward-connect-timeout-ms", flags.forwardConnectTimeoutMs,
            file.forwardConnectTimeoutMs, (int) d.connectTimeout().toMillis(), 1, 60_000)),
        Duration.ofSeconds(value("forward-idle-timeout-seconds", flags.forwardIdleTimeoutSeconds,
            file.forwardIdleTimeoutSeconds, (int) d.idleTimeout().toSeconds(), 1, 86_400)),
        Duration.ofSeconds(value("forward-drain-timeout-seconds", flags.forwardDrainTimeoutSeconds,
            file.forwardDrainTimeoutSeconds, (int) d.drainTimeout().toSeconds(), 0, 86_400)),
        value("forward-max-connections", flags.forwardMaxConnections, file.forwardMaxConnections,
            d.maxConnections(), 1, 10_000_000),
        ejectAfter == 0 ? ForwardSettings.NEVER_EJECT : ejectAfter,
        Duration.ofSeconds(value("forward-eject-retry-seconds", flags.forwardEjectRetrySeconds,
            file.forwardEjectRetrySeconds, (int) d.ejectRetry().toSeconds(), 1, 3600)),
        Duration.ofSeconds(value("forward-udp-idle-timeout-seconds", flags.forwardUdpIdleTimeoutSeconds,
            file.forwardUdpIdleTimeoutSeconds, (int) d.udpIdleTimeout().toSeconds(), 1, 3600)),
        value("forward-max-udp-flows", flags.forwardMaxUdpFlows, file.forwardMaxUdpFlows, d.maxUdpFlows(), 1,
            10_000_000));
  }

  private static int value(String setting, Integer flag, Integer file, int dflt, int min, int max) {
    int v = ConfigLoader.pick(flag, file, dflt);
    ServerConfig.checkRange(setting, v, min, max);
    return v;
  }
}
