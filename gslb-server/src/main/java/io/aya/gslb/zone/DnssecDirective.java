package io.aya.gslb.zone;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code $DNSSEC [algorithm=13|15] [keys=DIR] [validity=14d] [refresh=7d] [denial=compact] [cds=yes|no]}
 * (docs/zone-syntax.md). Stateless.
 */
final class DnssecDirective {
  static final String USAGE = "$DNSSEC [algorithm=13|15] [keys=DIR] [validity=14d] [refresh=7d] [denial=compact]"
      + " [cds=yes|no]";
  private static final Duration MIN_VALIDITY = Duration.ofHours(1);
  private static final Duration MAX_VALIDITY = Duration.ofDays(366);

  private DnssecDirective() {}

  /**
   * @param zoneFile the file the directive is in: a relative {@code keys=} directory is resolved against its
   *     directory
   */
  static DnssecSettings parse(List<String> args, Path zoneFile) throws ZoneSyntaxException {
    int algorithm = DnssecSettings.ECDSAP256SHA256;
    Path keys = null;
    Duration validity = null;
    Duration refresh = null;
    boolean cds = true;
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String t : args) {
      String key = Values.key(t).toLowerCase(Locale.ROOT);
      String value = Values.value(t);
      if (value == null || value.isEmpty()) {
        throw new ZoneSyntaxException("$DNSSEC option " + t + " needs a value (" + USAGE + ")");
      }
      if (!seen.add(key)) {
        throw new ZoneSyntaxException("duplicate $DNSSEC option " + key);
      }
      switch (key) {
        case "algorithm":
          algorithm = algorithm(value);
          break;
        case "keys":
          Path dir = Path.of(value);
          keys = dir.isAbsolute() || zoneFile == null ? dir : zoneFile.toAbsolutePath().resolveSibling(dir);
          break;
        case "validity":
          validity = duration("validity", value);
          break;
        case "refresh":
          refresh = duration("refresh", value);
          break;
        case "denial":
          if (!value.equalsIgnoreCase("compact")) {
            throw new ZoneSyntaxException("denial: " + value
                + " (expected: compact, RFC 9824 compact denial of existence)");
          }
          break;
        case "cds":
          if (!value.equalsIgnoreCase("yes") && !value.equalsIgnoreCase("no")) {
            throw new ZoneSyntaxException("cds: " + value + " (expected: yes or no)");
          }
          cds = value.equalsIgnoreCase("yes");
          break;
        default:
          throw new ZoneSyntaxException("unknown $DNSSEC option " + t + " (" + USAGE + ")");
      }
    }
    Duration v = validity == null ? DnssecSettings.DEFAULT_VALIDITY : validity;
    Duration r = refresh != null ? refresh
        : v.compareTo(DnssecSettings.DEFAULT_VALIDITY) >= 0 ? DnssecSettings.DEFAULT_REFRESH : v.dividedBy(2);
    if (r.compareTo(v) >= 0) {
      throw new ZoneSyntaxException("refresh: " + Values.format(r) + " (expected: less than validity "
          + Values.format(v) + ")");
    }
    return new DnssecSettings(algorithm, keys, v, r, cds);
  }

  private static int algorithm(String value) throws ZoneSyntaxException {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "13":
      case "ecdsap256sha256":
        return DnssecSettings.ECDSAP256SHA256;
      case "15":
      case "ed25519":
        return DnssecSettings.ED25519;
      default:
        throw new ZoneSyntaxException("algorithm: " + value + " (expected: 13 (ECDSAP256SHA256) or 15 (ED25519))");
    }
  }

  /** {@code 14d}, {@code 12h}, {@code 30m}, or what {@link Values#duration} takes; 1h..366d. */
  private static Duration duration(String key, String value) throws ZoneSyntaxException {
    String range = " (expected: a duration such as 14d or 12h, 1h..366d)";
    Duration d;
    if (value.endsWith("d")) {
      long days = Values.integer(key, value.substring(0, value.length() - 1), 0, 366);
      d = Duration.ofDays(days);
    } else {
      try {
        d = Values.duration(key, value, Duration.ZERO, MAX_VALIDITY);
      } catch (ZoneSyntaxException e) {
        throw new ZoneSyntaxException(key + ": " + value + range);
      }
    }
    if (d.compareTo(MIN_VALIDITY) < 0 || d.compareTo(MAX_VALIDITY) > 0) {
      throw new ZoneSyntaxException(key + ": " + value + range);
    }
    return d;
  }
}
