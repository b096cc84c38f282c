package io.aya.gslb.policy;

import io.aya.gslb.zone.BalancedName;
import java.net.InetAddress;

/**
 * Answers a query for a balanced name: locates the client, runs the name's policy chain over the current
 * health view, and returns the records. Called on the event loop for every such query: must not block,
 * lock or log. Thread-safe.
 */
public interface BalancedResolver {
  /**
   * @param name the balanced name (the query name may differ in case only; records are owned by
   *     {@code name.name()})
   * @param qtype {@code Type.A} or {@code Type.AAAA}
   * @param client the ECS address when the query carried ECS with a non-zero source prefix, else the
   *     resolver's source address
   * @param sourcePrefix the ECS source prefix, or 32/128 for a source address
   */
  BalancedAnswer resolve(BalancedName name, int qtype, InetAddress client, int sourcePrefix);
}
