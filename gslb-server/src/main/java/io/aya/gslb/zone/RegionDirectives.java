package io.aya.gslb.zone;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the zone-wide directives that declare regions and how they are probed: {@code $REGION},
 * {@code $CHECK} and {@code $LOAD} (syntax only; cross-references are checked by {@link ZoneAssembler}).
 * The per-name {@code GSLB} records and {@code $POLICY} are {@link GslbRecords}' job. Stateless.
 */
final class RegionDirectives {
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(1);
  static final int CHECK_RISE = 2;
  static final int CHECK_FALL = 2;
  static final int CHECK_EXPECT = 200;
  static final Duration LOAD_INTERVAL = Duration.ofSeconds(5);

  private static final Duration MIN_INTERVAL = Duration.ofMillis(100);
  private static final Duration MAX_INTERVAL = Duration.ofHours(1);
  private static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
  private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})?(:[0-9]{1,5})?");
  private static final Pattern COORDINATE = Pattern.compile("[-+]?[0-9]{1,3}(\\.[0-9]+)?");
  private static final Pattern COST = Pattern.compile("[0-9]{1,7}(\\.[0-9]+)?");

  record RegionDecl(Region region, Where where) {}

  record CheckDecl(CheckSpec spec, Where where) {}

  record LoadDecl(LoadProbe probe, Where where) {}

  private RegionDirectives() {}

  /** {@code $REGION name lat lon [capacity=N] [cost=C]}. */
  static RegionDecl region(List<String> args, Where where) throws ZoneSyntaxException {
    if (args.size() < 3) {
      throw new ZoneSyntaxException("$REGION needs a name, a latitude and a longitude ($REGION name lat lon [capacity=N])");
    }
    String name = Values.identifier("region name", args.get(0));
    double lat = coordinate("latitude", args.get(1), 90);
    double lon = coordinate("longitude", args.get(2), 180);
    long capacity = 0;
    double cost = 0;
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String t : args.subList(3, args.size())) {
      String key = Values.key(t);
      String value = Values.value(t);
      if (!(key.equals("capacity") || key.equals("cost")) || value == null) {
        throw new ZoneSyntaxException("unknown $REGION option " + t + " (expected: capacity=N, cost=C)");
      }
      if (!seen.add(key)) {
        throw new ZoneSyntaxException("duplicate $REGION option " + key);
      }
      if (key.equals("capacity")) {
        capacity = Values.integer("capacity", value, 0, Long.MAX_VALUE);
      } else {
        cost = costValue(value);
      }
    }
    return new RegionDecl(new Region(name, lat, lon, capacity, cost), where);
  }

  /** {@code cost=C}: milliseconds of RTT per unit of demand, a decimal in 0..1000000. */
  private static double costValue(String v) throws ZoneSyntaxException {
    if (COST.matcher(v).matches()) {
      double d = Double.parseDouble(v);
      if (d >= 0 && d <= 1e6) {
        return d;
      }
    }
    throw new ZoneSyntaxException("cost: " + v + " (expected: a decimal number of ms, 0..1000000)");
  }

  private static double coordinate(String key, String v, int max) throws ZoneSyntaxException {
    if (COORDINATE.matcher(v).matches()) {
      double d = Double.parseDouble(v);
      if (d >= -max && d <= max) {
        return d;
      }
    }
    throw new ZoneSyntaxException(key + ": " + v + " (expected: decimal degrees, -" + max + ".." + max + ")");
  }

  /**
   * {@code $CHECK name tcp|http|https port=N [path=/p] [expect=200] [body=s] [host=h] [interval=2s]
   * [timeout=1s] [rise=2] [fall=2]}. Port defaults to 80 (http) or 443 (https) and is required for tcp.
   */
  static CheckDecl check(List<String> args, Where where) throws ZoneSyntaxException {
    if (args.size() < 2) {
      throw new ZoneSyntaxException("$CHECK needs a name and a type ($CHECK name tcp|http|https [options])");
    }
    String name = Values.identifier("check name", args.get(0));
    CheckType type;
    switch (args.get(1).toLowerCase(Locale.ROOT)) {
      case "tcp":
        type = CheckType.TCP;
        break;
      case "http":
        type = CheckType.HTTP;
        break;
      case "https":
        type = CheckType.HTTPS;
        break;
      default:
        throw new ZoneSyntaxException("check type: " + args.get(1) + " (expected: tcp, http or https)");
    }
    boolean web = type != CheckType.TCP;
    int port = type == CheckType.HTTP ? 80 : type == CheckType.HTTPS ? 443 : -1;
    String path = web ? "/" : null;
    int expect = web ? CHECK_EXPECT : 0;
    String body = null;
    String host = null;
    Duration interval = CHECK_INTERVAL;
    Duration timeout = CHECK_TIMEOUT;
    int rise = CHECK_RISE;
    int fall = CHECK_FALL;
    Set<String> seen = new HashSet<>();
    for (String t : args.subList(2, args.size())) {
      String key = Values.key(t);
      String value = Values.value(t);
      if (value == null || !isCheckOption(key)) {
        throw new ZoneSyntaxException("unknown $CHECK option " + t
            + " (expected: port=, path=, expect=, body=, host=, interval=, timeout=, rise=, fall=)");
      }
      if (!seen.add(key)) {
        throw new ZoneSyntaxException("duplicate $CHECK option " + key);
      }
      if (!web && (key.equals("path") || key.equals("expect") || key.equals("body") || key.equals("host"))) {
        throw new ZoneSyntaxException(key + "= is only valid for http and https checks");
      }
      switch (key) {
        case "port":
          port = (int) Values.integer("port", value, 1, 65535);
          break;
        case "path":
          if (!value.startsWith("/") || value.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
            throw new ZoneSyntaxException("path: " + value + " (expected: an absolute path starting with '/')");
          }
          path = value;
          break;
        case "expect":
          expect = (int) Values.integer("expect", value, 100, 599);
          break;
        case "body":
          if (value.isEmpty()) {
            throw new ZoneSyntaxException("body: \"\" (expected: a non-empty substring of the response body)");
          }
          body = value;
          break;
        case "host":
          if (!HOST.matcher(value).matches()) {
            throw new ZoneSyntaxException("host: " + value + " (expected: a host name, optionally with :port)");
          }
          host = value;
          break;
        case "interval":
          interval = Values.duration("interval", value, MIN_INTERVAL, MAX_INTERVAL);
          break;
        case "timeout":
          timeout = Values.duration("timeout", value, MIN_TIMEOUT, MAX_TIMEOUT);
          break;
        case "rise":
          rise = (int) Values.integer("rise", value, 1, 100);
          break;
        default:
          fall = (int) Values.integer("fall", value, 1, 100);
      }
    }
    if (port < 0) {
      throw new ZoneSyntaxException("port= is required for tcp checks");
    }
    if (timeout.compareTo(interval) > 0) {
      throw new ZoneSyntaxException("timeout: " + Values.format(timeout) + " (expected: at most the interval "
          + Values.format(interval) + ")");
    }
    return new CheckDecl(
        new CheckSpec(name, type, port, path, expect, body, host, interval, timeout, rise, fall), where);
  }

  private static boolean isCheckOption(String key) {
    switch (key) {
      case "port":
      case "path":
      case "expect":
      case "body":
      case "host":
      case "interval":
      case "timeout":
      case "rise":
      case "fall":
        return true;
      default:
        return false;
    }
  }

  /** {@code $LOAD region url=http://... [field=a.b] [interval=5s]}. */
  static LoadDecl load(List<String> args, Where where) throws ZoneSyntaxException {
    if (args.isEmpty()) {
      throw new ZoneSyntaxException("$LOAD needs a region and url= ($LOAD region url=http://... [field=a.b] [interval=5s])");
    }
    String region = Values.identifier("region name", args.get(0));
    URI url = null;
    String field = null;
    Duration interval = LOAD_INTERVAL;
    Set<String> seen = new HashSet<>();
    for (String t : args.subList(1, args.size())) {
      String key = Values.key(t);
      String value = Values.value(t);
      if (value == null || !(key.equals("url") || key.equals("field") || key.equals("interval"))) {
        throw new ZoneSyntaxException("unknown $LOAD option " + t + " (expected: url=, field=, interval=)");
      }
      if (!seen.add(key)) {
        throw new ZoneSyntaxException("duplicate $LOAD option " + key);
      }
      if (key.equals("url")) {
        url = url(value);
      } else if (key.equals("field")) {
        if (!FIELD.matcher(value).matches()) {
          throw new ZoneSyntaxException("field: " + value + " (expected: a dotted JSON path such as stats.load)");
        }
        field = value;
      } else {
        interval = Values.duration("interval", value, MIN_INTERVAL, MAX_INTERVAL);
      }
    }
    if (url == null) {
      throw new ZoneSyntaxException("$LOAD " + region + " needs url=http://...");
    }
    return new LoadDecl(new LoadProbe(region, url, field, interval), where);
  }

  private static URI url(String v) throws ZoneSyntaxException {
    try {
      URI u = new URI(v);
      String scheme = u.getScheme();
      if (("http".equals(scheme) || "https".equals(scheme)) && u.getHost() != null) {
        return u;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new ZoneSyntaxException("url: " + v + " (expected: an absolute http:// or https:// URL)");
  }
}
