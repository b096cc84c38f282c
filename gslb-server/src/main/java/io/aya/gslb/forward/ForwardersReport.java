package io.aya.gslb.forward;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/forwarders}: this node's L4 listeners, their members and counters (docs/admin-api.md).
 *
 * @param region this node's region ({@code --region}), or null when the node does not forward
 * @param forwardAddress the address it forwards on ({@code --forward-address}), or null
 */
public record ForwardersReport(String node, String region, String forwardAddress, List<Listener> listeners) {
  public ForwardersReport {
    listeners = List.copyOf(listeners);
  }

  /**
   * One listener.
   *
   * @param listen {@code address:port} bound, or the one that could not be bound
   * @param error why the listener is not running (bind failure, port claimed by another name), or null
   * @param active open connections (UDP: flows)
   * @param total connections (UDP: flows) since the listener started
   * @param refused connections refused (RST) or datagrams dropped: over the limit, or no member could take it
   * @param bytesIn client to members
   * @param bytesOut members to client
   * @param fallbacks connections sent to another region's pool ({@code fallback=next-region})
   * @param fallbacksByRegion the same, by the region they went to
   */
  public record Listener(
      String name,
      String protocol,
      int port,
      String listen,
      String error,
      String lb,
      String proxy,
      String fallback,
      int active,
      long total,
      long refused,
      long bytesIn,
      long bytesOut,
      long fallbacks,
      Map<String, Long> fallbacksByRegion,
      List<Member> members) {
    public Listener {
      fallbacksByRegion = Map.copyOf(fallbacksByRegion);
      members = List.copyOf(members);
    }
  }

  /**
   * One member as this node sees it.
   *
   * @param local true for the node's own region's pool, false for a fallback pool
   * @param state {@code up}, {@code down} (for the cluster), {@code drained} (its region), {@code ejected}
   *     (passive health, this node only), {@code full} (at its connection limit) or {@code retired} (no longer
   *     in the zone; open connections finishing)
   * @param connectMillis smoothed connect time, or null before the first connect
   */
  public record Member(
      String region,
      String address,
      int port,
      int weight,
      boolean local,
      String state,
      int active,
      long total,
      long bytesIn,
      long bytesOut,
      long connectFailures,
      long ejections,
      Double connectMillis) {}
}
