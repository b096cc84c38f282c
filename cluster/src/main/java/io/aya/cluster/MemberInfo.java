package io.aya.cluster;

/**
 * A live cluster member as this node sees it.
 *
 * @param address host:port of its cluster endpoint
 * @param lastHeardMillis when this node last heard from it (epoch millis); now for the local member
 */
public record MemberInfo(String node, String address, boolean local, long lastHeardMillis) {}
