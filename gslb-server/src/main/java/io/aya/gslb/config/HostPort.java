package io.aya.gslb.config;

import java.net.InetSocketAddress;

/** Parses {@code HOST:PORT}, {@code [v6]:PORT} and {@code :PORT} into socket addresses. */
public final class HostPort {
  private HostPort() {}

  /**
   * @throws IllegalArgumentException naming the value and the expected form when it does not parse
   */
  public static InetSocketAddress parse(String value, String what) {
    return parse(value, what, true);
  }

  /** As {@link #parse} without resolving the host (for peers that may not resolve yet): an unresolved address. */
  public static InetSocketAddress parseUnresolved(String value, String what) {
    return parse(value, what, false);
  }

  private static InetSocketAddress parse(String value, String what, boolean resolve) {
    String v = value == null ? "" : value.trim();
    int colon = v.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(what + ": " + value + " (expected: HOST:PORT)");
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException(what + ": " + value + " (expected: [IPv6]:PORT for IPv6 hosts)");
    }
    int port;
    try {
      port = Integer.parseInt(v.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": " + value + " (expected: HOST:PORT with a numeric port)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(what + " port: " + port + " (expected: 0..65535)");
    }
    if (host.isEmpty()) {
      return new InetSocketAddress(port);
    }
    if (!resolve) {
      return InetSocketAddress.createUnresolved(host, port);
    }
    InetSocketAddress a = new InetSocketAddress(host, port);
    if (a.isUnresolved()) {
      throw new IllegalArgumentException(what + ": " + value + " (expected: a host that resolves, or an IP address)");
    }
    return a;
  }

  /** {@code HOST:PORT}, {@code [v6]:PORT} in RFC 5952 text: see {@link io.aya.gslb.zone.AddressText#of(InetSocketAddress)}. */
  public static String format(InetSocketAddress a) {
    return io.aya.gslb.zone.AddressText.of(a);
  }
}
