package io.aya.gslb.config;

import io.aya.gslb.forward.ForwardSettings;
import java.time.Duration;

/**
 * The forwarder's {@code forward-*} settings (docs/configuration.md) as {@link ForwardSettings}, which checks
 * each value with the name the config file gives it ({@code "forward-connect-timeout-ms: 0 (expected:
 * 1..60000)"}); unset ones at {@link ForwardSettings#DEFAULTS}. They apply to a node with {@code region} and
 * {@code forward-address}; a node that does not forward ignores them.
 */
final class ForwardingSettings {
  private ForwardingSettings() {}

  static ForwardSettings of(ConfigLoader.Settings flags, ConfigLoader.Settings file) {
    ForwardSettings d = ForwardSettings.DEFAULTS;
    // ranges are checked once, by ForwardSettings, with these settings' names
    return new ForwardSettings(
        Duration.ofMillis(ConfigLoader.pick(flags.forwardConnectTimeoutMs, file.forwardConnectTimeoutMs,
            (int) d.connectTimeout().toMillis())),
        Duration.ofSeconds(ConfigLoader.pick(flags.forwardIdleTimeoutSeconds, file.forwardIdleTimeoutSeconds,
            (int) d.idleTimeout().toSeconds())),
        Duration.ofSeconds(ConfigLoader.pick(flags.forwardDrainTimeoutSeconds, file.forwardDrainTimeoutSeconds,
            (int) d.drainTimeout().toSeconds())),
        ConfigLoader.pick(flags.forwardMaxConnections, file.forwardMaxConnections, d.maxConnections()),
        ConfigLoader.pick(flags.forwardEjectAfter, file.forwardEjectAfter, ServerConfig.Forwarding.DEFAULT_EJECT_AFTER),
        Duration.ofSeconds(ConfigLoader.pick(flags.forwardEjectRetrySeconds, file.forwardEjectRetrySeconds,
            (int) d.ejectRetry().toSeconds())),
        Duration.ofSeconds(ConfigLoader.pick(flags.forwardUdpIdleTimeoutSeconds, file.forwardUdpIdleTimeoutSeconds,
            (int) d.udpIdleTimeout().toSeconds())),
        ConfigLoader.pick(flags.forwardMaxUdpFlows, file.forwardMaxUdpFlows, d.maxUdpFlows()));
  }
}
