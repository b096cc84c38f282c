package io.aya.gslb.dnssec;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Objects;
import org.xbill.DNS.DNSKEYRecord;

/**
 * One DNSSEC key of a zone: its public DNSKEY record, the private key that signs with it, and its timing.
 * {@link #toString()} never shows the private key. Immutable.
 *
 * @param file the {@code .private} file it came from, for messages
 */
public record SigningKey(DNSKEYRecord dnskey, PrivateKey privateKey, KeyTiming timing, Path file) {
  public SigningKey {
    Objects.requireNonNull(dnskey, "dnskey");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(timing, "timing");
  }

  /** The key tag (RFC 4034 Appendix B). */
  public int tag() {
    return dnskey.getFootprint();
  }

  public int algorithm() {
    return dnskey.getAlgorithm();
  }

  /** True for a key signing key (the SEP flag, 257): the one the parent's DS points at. */
  public boolean ksk() {
    return (dnskey.getFlags() & DNSKEYRecord.Flags.SEP_KEY) != 0;
  }

  @Override
  public String toString() {
    return "key " + tag() + " (algorithm " + algorithm() + (ksk() ? ", KSK" : ", ZSK") + ", " + file + ")";
  }
}
