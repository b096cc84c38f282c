package io.aya.gslb.dns;

/**
 * What response rate limiting would do to the next UDP answer of one name and type to one client, for {@code
 * explain}; read from the limiter's counters without counting. Immutable.
 *
 * @param limited true when the next response would be limited (dropped or sent truncated)
 * @param exempt true when the client is in {@code rrl-exempt}
 * @param network the client network responses are counted for (/24 IPv4, /56 IPv6)
 * @param rate {@code rrl-rate}: responses per second per network and answer (0: off)
 * @param slip {@code rrl-slip}: every slip-th limited response is sent truncated
 * @param responsesThisSecond responses of this answer to this network counted in the current second
 * @param reason the verdict in one sentence
 */
public record RateLimitReport(
    boolean limited, boolean exempt, String network, int rate, int slip, long responsesThisSecond, String reason) {
  /** For a node without a DNS server (never the case once started). */
  public static final RateLimitReport UNKNOWN =
      new RateLimitReport(false, false, null, 0, 0, 0, "the DNS server is not running");
}
