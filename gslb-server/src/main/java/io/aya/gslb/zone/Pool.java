package io.aya.gslb.zone;

import java.util.List;
import java.util.Objects;

/**
 * The members a balanced name has in one region: {@code name [ttl] IN GSLB region addr[@weight]...
 * [check=name] [up=N]}.
 *
 * @param check the health check its members are probed with, or null for a static (always up) pool
 * @param upThreshold the pool is up while at least this many members are up (default 1)
 */
public record Pool(Region region, List<PoolMember> members, CheckSpec check, int upThreshold) {
  public Pool {
    Objects.requireNonNull(region, "region");
    members = List.copyOf(members);
    if (members.isEmpty()) {
      throw new IllegalArgumentException("pool for region " + region.name() + " has no members");
    }
    if (upThreshold < 1) {
      throw new IllegalArgumentException("up: " + upThreshold + " (expected: >= 1)");
    }
  }
}
