package io.aya.gslb.dns;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The network a client address belongs to for per-network limits, as one {@code long}: the /24 of an IPv4
 * address, the /56 of an IPv6 address (the prefixes BIND, Knot and NSD use for response rate limiting, and a
 * typical end-site assignment). The two families never collide: an IPv4 key has bit 63 set, an IPv6 key is the
 * top 56 bits shifted right by 8, which leaves bit 63 clear.
 */
final class ClientNetwork {
  static final int IPV4_PREFIX = 24;
  static final int IPV6_PREFIX = 56;

  private ClientNetwork() {}

  /** The network key of {@code address}; allocation-free for IPv4. */
  static long of(InetAddress address) {
    if (address instanceof Inet4Address) {
      // Inet4Address.hashCode() is the address itself, and reading it copies nothing
      return Long.MIN_VALUE | ((address.hashCode() >>> 8) & 0xFFFFFFL);
    }
    byte[] b = address.getAddress();
    long top = 0;
    for (int i = 0; i < 7; i++) {
      top = (top << 8) | (b[i] & 0xFF);
    }
    return top;
  }

  /** {@code a.b.c.0/24} or the /56 in text, for log lines and explanations. */
  static String format(long key) {
    if (key < 0) {
      long v = key & 0xFFFFFFL;
      return (v >>> 16) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF) + ".0/" + IPV4_PREFIX;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      int shift = 40 - 16 * i;
      int group = shift >= 0 ? (int) (key >>> shift) & 0xFFFF : (int) (key << 8) & 0xFF00;
      sb.append(Integer.toHexString(group)).append(':');
    }
    return sb.append(":/").append(IPV6_PREFIX).toString();
  }
}
