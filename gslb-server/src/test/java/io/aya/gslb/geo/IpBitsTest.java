package io.aya.gslb.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IpBitsTest {
  @Test
  void cidrsParseAndPrintInCanonicalForm() {
    assertEquals("10.0.0.0/8", IpBits.Cidr.parse("10.0.0.0/8").toString());
    assertEquals("192.0.2.1/32", IpBits.Cidr.parse("192.0.2.1").toString());
    assertEquals("2001:db8::/32", IpBits.Cidr.parse("2001:0DB8:0:0::/32").toString());
    assertEquals("2001:db8:0:1::/64", IpBits.Cidr.parse("2001:db8:0:1::/64").toString());
    assertEquals("::/0", IpBits.Cidr.parse("::/0").toString());
    assertEquals("172.16.0.0/12", IpBits.Cidr.parse("::ffff:172.16.0.0/108").toString());
  }

  @Test
  void badCidrsAreRejectedWithTheAllowedRange() {
    assertEquals("prefix length: 33 (expected: 0..32)", message("10.0.0.0/33"));
    assertEquals("prefix length: -1 (expected: 0..32)", message("10.0.0.0/-1"));
    assertEquals("prefix length:  (expected: 0..128)", message("2001:db8::/"));
    assertEquals("not an IP address: example.com", message("example.com/24"));
    assertEquals("not an IP address: 10.0.0", message("10.0.0/24"));
    assertEquals("host bits set in 2001:db8::1/64 (did you mean 2001:db8::/64?)", message("2001:db8::1/64"));
  }

  private static String message(String cidr) {
    return assertThrows(IllegalArgumentException.class, () -> IpBits.Cidr.parse(cidr)).getMessage();
  }

  @Test
  void bitsAndMasksFollowWireOrderForBothFamilies() {
    byte[] v4 = {(byte) 0x80, 0, 0, 1};
    assertEquals(1, IpBits.bit(IpBits.hi(v4), IpBits.lo(v4), 0));
    assertEquals(1, IpBits.bit(IpBits.hi(v4), IpBits.lo(v4), 31));
    assertEquals(0, IpBits.bit(IpBits.hi(v4), IpBits.lo(v4), 30));
    IpBits.Cidr v6 = IpBits.Cidr.parse("::1");
    assertEquals(1, IpBits.bit(v6.hi(), v6.lo(), 127));
    assertEquals(0, IpBits.maskLo(v6.lo(), 120));
    assertEquals(1, IpBits.maskLo(v6.lo(), 128));
    assertEquals(0xffff000000000000L, IpBits.maskHi(-1L, 16));
    assertEquals(-1L, IpBits.maskHi(-1L, 100));
    assertEquals(0xff00000000000000L, IpBits.maskLo(-1L, 72));
  }
}
