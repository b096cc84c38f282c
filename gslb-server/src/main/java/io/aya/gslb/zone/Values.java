package io.aya.gslb.zone;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Address;
import org.xbill.DNS.TTL;

/** Parses the scalar values of GSLB directives, with messages that state the allowed range. Stateless. */
final class Values {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)?");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  private Values() {}

  /** {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}; a bare number is seconds. */
  static Duration duration(String key, String v, Duration min, Duration max) throws ZoneSyntaxException {
    Matcher m = DURATION.matcher(v);
    String range = " (expected: a duration such as 500ms, 2s or 1m, " + format(min) + ".." + format(max) + ")";
    if (!m.matches()) {
      throw new ZoneSyntaxException(key + ": " + v + range);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    Duration d;
    switch (unit) {
      case "ms":
        d = Duration.ofMillis(n);
        break;
      case "m":
        d = Duration.ofMinutes(n);
        break;
      case "h":
        d = Duration.ofHours(n);
        break;
      default:
        d = Duration.ofSeconds(n);
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new ZoneSyntaxException(key + ": " + v + range);
    }
    return d;
  }

  /** Shortest exact form: {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  static long integer(String key, String v, long min, long max) throws ZoneSyntaxException {
    try {
      long n = Long.parseLong(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    throw new ZoneSyntaxException(key + ": " + v + " (expected: " + min + ".." + max + ")");
  }

  /** A TTL in seconds or BIND units ({@code 1h30m}), 0..2147483647. */
  static long ttl(String key, String v) throws ZoneSyntaxException {
    try {
      return TTL.parseTTL(v);
    } catch (NumberFormatException | org.xbill.DNS.InvalidTTLException e) {
      throw new ZoneSyntaxException(key + ": " + v + " (expected: 0..2147483647 seconds, or units such as 1h30m)");
    }
  }

  /** True when {@code v} is a TTL field of a master-file record. */
  static boolean isTtl(String v) {
    if (v.isEmpty() || !Character.isDigit(v.charAt(0))) {
      return false;
    }
    try {
      TTL.parseTTL(v);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A unicast IPv4 or IPv6 literal (never a host name: zone files must not depend on resolution). */
  static InetAddress address(String key, String v) throws ZoneSyntaxException {
    InetAddress a = null;
    if (!v.isEmpty() && v.indexOf('%') < 0) {
      try {
        a = Address.getByAddress(v);
      } catch (UnknownHostException e) {
        a = null;
      }
    }
    if (a == null || a.isAnyLocalAddress() || a.isMulticastAddress() || isLimitedBroadcast(a)) {
      throw new ZoneSyntaxException(key + ": " + v + " (expected: a unicast IPv4 or IPv6 address)");
    }
    return a;
  }

  private static boolean isLimitedBroadcast(InetAddress a) {
    byte[] b = a.getAddress();
    return b.length == 4 && (b[0] & b[1] & b[2] & b[3]) == (byte) 0xFF;
  }

  /** A region or check name: letters, digits, '-', '_', '.', starting with a letter or digit, 1..63. */
  static String identifier(String key, String v) throws ZoneSyntaxException {
    if (!IDENTIFIER.matcher(v).matches()) {
      throw new ZoneSyntaxException(
          key + ": " + v + " (expected: 1..63 letters, digits, '-', '_' or '.', starting with a letter or digit)");
    }
    return v;
  }

  /** The key of a {@code key=value} token, or the whole token when it has no '='. */
  static String key(String token) {
    int eq = token.indexOf('=');
    return eq < 0 ? token : token.substring(0, eq);
  }

  /** The value of a {@code key=value} token, or null when it has no '='. */
  static String value(String token) {
    int eq = token.indexOf('=');
    return eq < 0 ? null : token.substring(eq + 1);
  }
}
