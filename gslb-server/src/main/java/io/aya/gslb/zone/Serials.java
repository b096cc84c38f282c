package io.aya.gslb.zone;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** SOA serial arithmetic of RFC 1982 (32-bit sequence space) and the {@code $SERIAL auto} policy. Stateless. */
public final class Serials {
  private static final long MOD = 1L << 32;
  private static final long HALF = 1L << 31;

  private Serials() {}

  /** RFC 1982 §3.2: {@code a > b}; false when equal or when the distance is exactly 2^31 (undefined). */
  public static boolean greater(long a, long b) {
    return (a < b && b - a > HALF) || (a > b && a - b < HALF);
  }

  /** RFC 1982 §3.1: {@code s + n} for 0 &lt;= n &lt;= 2^31 - 1. */
  public static long add(long s, long n) {
    return (s + n) % MOD;
  }

  /**
   * The serial to serve after {@code previous} under {@code $SERIAL auto}: the greater (RFC 1982) of
   * {@code previous + 1} and today's {@code YYYYMMDD00} (UTC). The first version takes the file's serial when
   * it is greater than today's {@code YYYYMMDD00}.
   *
   * @param previous the serial served so far, or -1 for the first version of the zone
   */
  public static long next(long previous, long fromFile, Clock clock) {
    LocalDate d = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    long dated = (d.getYear() * 10000L + d.getMonthValue() * 100L + d.getDayOfMonth()) * 100L % MOD;
    long base = previous < 0 ? fromFile : add(previous, 1);
    return greater(dated, base) ? dated : base;
  }
}
