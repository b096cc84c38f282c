package io.aya.gslb.geo;

import java.net.InetAddress;

/**
 * Finds where a client network is. Implementations are thread-safe and fast enough to call per query
 * (they cache).
 */
public interface GeoLocator {
  /**
   * @param address the client address (the ECS address, or the resolver's source address)
   * @param sourcePrefix significant bits of {@code address} (ECS source prefix, else 32 or 128)
   * @return the location, {@link ClientLocation#UNKNOWN} when nothing matched; never null
   */
  ClientLocation locate(InetAddress address, int sourcePrefix);

  GeoLocator NONE = (address, prefix) -> ClientLocation.UNKNOWN;
}
