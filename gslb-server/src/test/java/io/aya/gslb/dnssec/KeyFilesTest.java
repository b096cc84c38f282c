package io.aya.gslb.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DNSSEC;

class KeyFilesTest {
  @Test
  void aP256ScalarWrittenWithoutItsLeadingZeroByteIsTheSameKey() throws Exception {
    // BIND writes the scalar as a big number: one key in 256 has a leading zero byte and is written as 31 bytes
    byte[] padded = new byte[32];
    Arrays.fill(padded, 1, 32, (byte) 0x5a);
    byte[] stripped = Arrays.copyOfRange(padded, 1, 32);
    ECPrivateKey full = (ECPrivateKey) KeyFiles.privateKey(DNSSEC.Algorithm.ECDSAP256SHA256, padded);
    ECPrivateKey shortForm = (ECPrivateKey) KeyFiles.privateKey(DNSSEC.Algorithm.ECDSAP256SHA256, stripped);
    assertEquals(full.getS(), shortForm.getS());
    assertEquals(new BigInteger(1, stripped), shortForm.getS());
  }

  @Test
  void anEd25519SeedOfTheWrongLengthOrAnOverlongScalarIsRefused() {
    assertThrows(GeneralSecurityException.class,
        () -> KeyFiles.privateKey(DNSSEC.Algorithm.ED25519, new byte[31]));
    assertThrows(GeneralSecurityException.class,
        () -> KeyFiles.privateKey(DNSSEC.Algorithm.ECDSAP256SHA256, new byte[33]));
  }
}
