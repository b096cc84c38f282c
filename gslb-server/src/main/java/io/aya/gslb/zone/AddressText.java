package io.aya.gslb.zone;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Addresses as text the way people and RFC 5952 write them: IPv4 dotted quad, IPv6 compressed and lower case
 * ({@code 2001:db8::10}, not Java's {@code 2001:db8:0:0:0:0:0:10}). Used wherever AYA shows an address or
 * builds a key from one (endpoint keys), and to accept any spelling of an IPv6 address in an endpoint key.
 * Thread-safe.
 */
public final class AddressText {
  private AddressText() {}

  /** RFC 5952 text of {@code address} (section 4: compressed, lower case; IPv4 unchanged). */
  public static String of(InetAddress address) {
    return NetUtil.toAddressString(address);
  }

  /** RFC 5952 text of a 4- or 16-byte address (16 bytes are always written as IPv6, even IPv4-mapped ones). */
  public static String of(byte[] address) {
    return NetUtil.bytesToIpAddress(address);
  }

  /**
   * {@code ADDRESS:PORT} with the address in RFC 5952 text, IPv6 in brackets (RFC 5952 §6:
   * {@code [2001:db8::1]:443}); the host name of an unresolved address.
   */
  public static String of(InetSocketAddress a) {
    String host = a.getAddress() != null ? of(a.getAddress()) : a.getHostString();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /**
   * The endpoint key or target with the IPv6 address after its last {@code @} rewritten in RFC 5952 form
   * ({@code example.com/web@2001:DB8:0::10} to {@code example.com/web@2001:db8::10}); anything else (a glob in
   * the address part, IPv4, no address) unchanged.
   */
  public static String canonicalKey(String key) {
    int at = key.lastIndexOf('@');
    if (at < 0 || key.indexOf(':', at) < 0) {
      return key;
    }
    String address = key.substring(at + 1);
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null || bytes.length != 16) {
      return key;
    }
    String canonical = NetUtil.bytesToIpAddress(bytes);
    return canonical.equals(address) ? key : key.substring(0, at + 1) + canonical;
  }
}
