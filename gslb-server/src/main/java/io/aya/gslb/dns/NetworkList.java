package io.aya.gslb.dns;

import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * A short list of networks (CIDR) that a client address is tested against, e.g. the clients exempt from
 * response rate limiting. Immutable and thread-safe; {@link #contains} allocates nothing for IPv4 clients.
 */
final class NetworkList {
  static final NetworkList NONE = new NetworkList(new int[0], new int[0], new byte[0][], new int[0]);

  private final int[] v4Networks;
  private final int[] v4Masks;
  private final byte[][] v6Networks;
  private final int[] v6Prefixes;
  private final List<String> text;

  private NetworkList(int[] v4Networks, int[] v4Masks, byte[][] v6Networks, int[] v6Prefixes) {
    this(v4Networks, v4Masks, v6Networks, v6Prefixes, List.of());
  }

  private NetworkList(int[] v4Networks, int[] v4Masks, byte[][] v6Networks, int[] v6Prefixes, List<String> text) {
    this.v4Networks = v4Networks;
    this.v4Masks = v4Masks;
    this.v6Networks = v6Networks;
    this.v6Prefixes = v6Prefixes;
    this.text = text;
  }

  /**
   * Parses {@code ADDRESS/PREFIX} entries (a bare address is a host route).
   *
   * @throws IllegalArgumentException naming the entry and what was expected
   */
  static NetworkList parse(List<String> cidrs) {
    int v4 = 0;
    for (String c : cidrs) {
      if (c.indexOf(':') < 0) {
        v4++;
      }
    }
    int[] nets = new int[v4];
    int[] masks = new int[v4];
    byte[][] nets6 = new byte[cidrs.size() - v4][];
    int[] prefixes6 = new int[cidrs.size() - v4];
    int i4 = 0;
    int i6 = 0;
    for (String c : cidrs) {
      String t = c.trim();
      int slash = t.indexOf('/');
      byte[] a = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? t : t.substring(0, slash));
      if (a == null) {
        throw new IllegalArgumentException("network: " + c + " (expected: ADDRESS/PREFIX, e.g. 192.0.2.0/24)");
      }
      int bits = a.length * 8;
      int prefix;
      try {
        prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("network: " + c + " (expected: prefix 0.." + bits + ")");
      }
      if (a.length == 4 && c.indexOf(':') < 0) {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        nets[i4] = int32(a) & mask;
        masks[i4++] = mask;
      } else {
        nets6[i6] = a;
        prefixes6[i6++] = prefix;
      }
    }
    return new NetworkList(nets, masks, java.util.Arrays.copyOf(nets6, i6), java.util.Arrays.copyOf(prefixes6, i6),
        List.copyOf(cidrs));
  }

  boolean contains(InetAddress address) {
    if (address instanceof Inet4Address) {
      int a = address.hashCode();
      for (int i = 0; i < v4Networks.length; i++) {
        if ((a & v4Masks[i]) == v4Networks[i]) {
          return true;
        }
      }
      return false;
    }
    if (v6Networks.length == 0) {
      return false;
    }
    byte[] a = address.getAddress();
    for (int i = 0; i < v6Networks.length; i++) {
      if (a.length == v6Networks[i].length && samePrefix(a, v6Networks[i], v6Prefixes[i])) {
        return true;
      }
    }
    return false;
  }

  private static boolean samePrefix(byte[] a, byte[] b, int prefix) {
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (a[full] & mask) == (b[full] & mask);
  }

  private static int int32(byte[] b) {
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  @Override
  public String toString() {
    return String.join(", ", text);
  }
}
