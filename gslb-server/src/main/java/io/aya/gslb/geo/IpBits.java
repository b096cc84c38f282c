package io.aya.gslb.geo;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Addresses as two 64-bit halves, most significant bit first: an IPv6 address fills {@code hi} and {@code lo};
 * an IPv4 address sits in the top 32 bits of {@code hi} with {@code lo} zero. Bit {@code i} (0 = first bit
 * on the wire) is therefore found the same way for both families, which lets the tries and the cache share
 * one code path.
 */
public final class IpBits {
  private IpBits() {}

  public static long hi(byte[] address) {
    if (address.length == 4) {
      return (long) int32(address, 0) << 32;
    }
    return ((long) int32(address, 0) << 32) | (int32(address, 4) & 0xffffffffL);
  }

  public static long lo(byte[] address) {
    if (address.length == 4) {
      return 0;
    }
    return ((long) int32(address, 8) << 32) | (int32(address, 12) & 0xffffffffL);
  }

  private static int int32(byte[] b, int off) {
    return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
  }

  /** Bit {@code i} (0-based from the most significant bit) of the address {@code (hi, lo)}. */
  static int bit(long hi, long lo, int i) {
    return i < 64 ? (int) (hi >>> (63 - i)) & 1 : (int) (lo >>> (127 - i)) & 1;
  }

  /** {@code hi} with every bit at or after {@code prefix} cleared. */
  public static long maskHi(long hi, int prefix) {
    if (prefix <= 0) {
      return 0;
    }
    return prefix >= 64 ? hi : hi & (-1L << (64 - prefix));
  }

  /** {@code lo} with every bit at or after {@code prefix} (counted from the start of {@code hi}) cleared. */
  public static long maskLo(long lo, int prefix) {
    if (prefix <= 64) {
      return 0;
    }
    return prefix >= 128 ? lo : lo & (-1L << (128 - prefix));
  }

  /** The address bytes ({@code bits} is 32 or 128) of {@code (hi, lo)}. */
  static byte[] toBytes(long hi, long lo, int bits) {
    byte[] out = new byte[bits / 8];
    for (int i = 0; i < out.length; i++) {
      long half = i < 8 ? hi : lo;
      out[i] = (byte) (half >>> (56 - 8 * (i & 7)));
    }
    return out;
  }

  public static InetAddress toAddress(long hi, long lo, int bits) {
    try {
      return InetAddress.getByAddress(toBytes(hi, lo, bits));
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }

  /**
   * {@code address/prefix} in text form, IPv6 compressed as RFC 5952 §4 recommends ({@code 2001:db8::/32}).
   */
  public static String cidr(long hi, long lo, int bits, int prefix) {
    return NetUtil.bytesToIpAddress(toBytes(maskHi(hi, prefix), maskLo(lo, prefix), bits)) + "/" + prefix;
  }

  /**
   * A parsed {@code address/prefix} (or a bare address, meaning a host route).
   *
   * @param bits 32 for IPv4, 128 for IPv6
   */
  public record Cidr(long hi, long lo, int bits, int prefix) {
    /**
     * Parses an address literal with an optional prefix length; never resolves names.
     *
     * @throws IllegalArgumentException with a message fit for {@code file:line: message}
     */
    public static Cidr parse(String text) {
      int slash = text.indexOf('/');
      String addressText = slash < 0 ? text : text.substring(0, slash);
      byte[] address = NetUtil.createByteArrayFromIpAddressString(addressText);
      if (address == null || addressText.indexOf('%') >= 0) {
        throw new IllegalArgumentException("not an IP address: " + addressText);
      }
      int bits = address.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        String prefixText = text.substring(slash + 1);
        if (prefixText.isEmpty() || prefixText.length() > 3 || !prefixText.chars().allMatch(Character::isDigit)) {
          throw new IllegalArgumentException("prefix length: " + prefixText + " (expected: 0.." + bits + ")");
        }
        prefix = Integer.parseInt(prefixText);
        if (prefix > bits) {
          throw new IllegalArgumentException("prefix length: " + prefix + " (expected: 0.." + bits + ")");
        }
      }
      long hi = IpBits.hi(address);
      long lo = IpBits.lo(address);
      if (maskHi(hi, prefix) != hi || maskLo(lo, prefix) != lo) {
        throw new IllegalArgumentException(
            "host bits set in " + text + " (did you mean " + IpBits.cidr(hi, lo, bits, prefix) + "?)");
      }
      if (bits == 128 && prefix >= 96 && hi == 0 && (lo >>> 32) == 0xffffL) {
        // ::ffff:a.b.c.d/n: Java hands IPv4-mapped clients over as IPv4 addresses, so store them that way.
        return new Cidr(lo << 32, 0, 32, prefix - 96);
      }
      return new Cidr(hi, lo, bits, prefix);
    }

    /** True when {@code a} (of the same family; IPv4-mapped IPv6 counts as IPv4) is inside this prefix. */
    public boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length * 8 != bits) {
        return false;
      }
      return maskHi(IpBits.hi(b), prefix) == hi && maskLo(IpBits.lo(b), prefix) == lo;
    }

    @Override
    public String toString() {
      return IpBits.cidr(hi, lo, bits, prefix);
    }
  }
}
