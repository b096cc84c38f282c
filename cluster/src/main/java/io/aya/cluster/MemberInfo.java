package io.aya.cluster;

/**
 * A live cluster member as this node sees it.
 *
 * @param address host:port of its cluster endpoint
 * @param lastHeardMillis when this node last heard from it (epoch millis); now for the local member
 * @param region the region it forwards L4 traffic in ({@code --region}), or null
 * @param forwardAddress the address it accepts forwarded traffic on ({@code --forward-address}), or null
 */
public record MemberInfo(
    String node, String address, boolean local, long lastHeardMillis, String region, String forwardAddress) {

  /** A member that does not forward. */
  public MemberInfo(String node, String address, boolean local, long lastHeardMillis) {
    this(node, address, local, lastHeardMillis, null, null);
  }
}
