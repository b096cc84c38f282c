package io.aya.gslb.zone;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What a health check probes: one member address under one named check of one zone. {@link #key()} is
 * the stable identifier used in health views, cluster maps and the admin API, e.g.
 * {@code example.com/web@192.0.2.10}; an IPv6 address is in RFC 5952 form ({@code example.com/web@2001:db8::10}).
 */
public record Endpoint(String zone, String region, CheckSpec check, InetAddress address) {
  public Endpoint {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(address, "address");
  }

  public String key() {
    return keyOf(zone, check.name(), address);
  }

  public static String keyOf(String zone, String check, InetAddress address) {
    return zone + "/" + check + "@" + AddressText.of(address);
  }
}
