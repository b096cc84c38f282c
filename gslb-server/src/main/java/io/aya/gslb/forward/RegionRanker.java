package io.aya.gslb.forward;

import io.aya.gslb.zone.BalancedName;
import java.net.InetAddress;
import java.util.List;

/**
 * The regions a balanced name's policy chooses for a client now, best first, after health, drain, geofence
 * and capacity (the policy engine's chain without picking addresses). {@code fallback=next-region} forwards
 * to the first of them, other than the node's own, whose pool can take the connection. Thread-safe.
 */
@FunctionalInterface
public interface RegionRanker {
  List<String> regions(BalancedName name, InetAddress client);

  RegionRanker NONE = (name, client) -> List.of();
}
