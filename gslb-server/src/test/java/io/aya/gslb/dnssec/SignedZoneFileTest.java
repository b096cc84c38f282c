package io.aya.gslb.dnssec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed zone as a whole, checked offline by BIND's {@code dnssec-verify} (bind9-utils) and NLnet Labs'
 * {@code ldns-verify-zone} (ldnsutils): every RRset signed with the served signatures, the keys, the delegations
 * and an NSEC chain.
 */
class SignedZoneFileTest {
  @TempDir Path dir;

  private static String run(Path dir, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
    return out;
  }

  @Test
  void theSignedZoneVerifiesWithDnssecVerifyAndLdnsVerifyZone() throws Exception {
    try (SignedServer server = SignedServer.start(dir)) {
      // a few answers signed on the fly first: the file must hold the same signatures the answers carry
      server.query("www.example.com.", org.xbill.DNS.Type.A, true, "172.16.1.0");
      String text = SignedZoneFile.text(server.signed());
      Path file = dir.resolve("example.com.signed");
      Files.writeString(file, text);
      assertThat(text).contains("\tDNSKEY\t").contains("\tRRSIG\tDNSKEY ").contains("\tNSEC\t")
          .contains("secure.example.com.\t300\tIN\tRRSIG\tDS ");
      String bind = run(dir, "dnssec-verify", "-z", "-o", "example.com", file.toString()); // -z: one combined key
      assertThat(bind).contains("Zone fully signed");
      String ldns = run(dir, "ldns-verify-zone", file.toString());
      assertThat(ldns).contains("Zone is verified and complete");
      for (String unsigned : List.of("insecure.example.com.\t300\tIN\tRRSIG\tNS", "ns.secure.example.com.\t300\tIN\tRRSIG")) {
        assertThat(text).doesNotContain(unsigned);
      }
    }
  }
}
