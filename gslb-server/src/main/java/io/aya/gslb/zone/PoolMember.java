package io.aya.gslb.zone;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/** One address of a pool, with its weight (default 1) for the weighted step. */
public record PoolMember(InetAddress address, int weight) {
  public PoolMember {
    Objects.requireNonNull(address, "address");
    if (weight < 0) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
    }
  }

  public boolean isIpv4() {
    return address instanceof Inet4Address;
  }
}
