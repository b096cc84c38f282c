package io.aya.gslb.zone;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a zone is signed: the {@code $DNSSEC} directive of docs/zone-syntax.md (docs/dnssec.md says what each
 * option does). Immutable.
 *
 * @param algorithm DNSSEC algorithm number of generated keys: 13 (ECDSA P-256 with SHA-256, RFC 6605) or 15
 *     (Ed25519, RFC 8080)
 * @param keys directory of BIND-format key files {@code K<zone>+<alg>+<tag>.key/.private} to sign with, or null
 *     to generate keys into the node's state directory on first start
 * @param validity how long a signature is valid from its inception
 * @param refresh signatures are renewed when less than this much of their validity remains
 * @param cds publish CDS and CDNSKEY at the apex (RFC 7344, RFC 8078) for the parent
 */
public record DnssecSettings(int algorithm, Path keys, Duration validity, Duration refresh, boolean cds) {
  public static final int ECDSAP256SHA256 = 13;
  public static final int ED25519 = 15;
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(14);
  public static final Duration DEFAULT_REFRESH = Duration.ofDays(7);

  public DnssecSettings {
    if (algorithm != ECDSAP256SHA256 && algorithm != ED25519) {
      throw new IllegalArgumentException("algorithm: " + algorithm + " (expected: 13 or 15)");
    }
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(refresh, "refresh");
    if (refresh.isNegative() || refresh.isZero() || refresh.compareTo(validity) >= 0) {
      throw new IllegalArgumentException("refresh: " + refresh + " (expected: more than 0, less than validity "
          + validity + ")");
    }
  }
}
