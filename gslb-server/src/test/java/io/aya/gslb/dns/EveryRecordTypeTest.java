package io.aya.gslb.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aya.gslb.zone.RecordTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base16;

/**
 * Every record type loads from its presentation format (and any type from the RFC 3597 generic form) and is
 * answered byte for byte: presentation -> wire -> presentation, with the wire compared to Knot's answer for the
 * same records (in their presentation format where Knot 3.2 knows the type, else as the generic form of the wire
 * bytes worked out from the defining RFC).
 */
class EveryRecordTypeTest {
  /**
   * One record: owner label, type and RDATA as written, the RDATA as printed back (null: as written), and the
   * RDATA's wire bytes in hex when Knot does not know the type (then Knot serves those bytes).
   */
  record Case(String owner, String type, String rdata, String printed, String wireHex) {
    String expectedText() {
      return printed == null ? rdata : printed;
    }

    int typeCode() {
      return Type.value(type, true);
    }
  }

  static final List<Case> CASES = List.of(
      // types dnsjava 3.6 lacks, that Knot knows
      new Case("eui48", "EUI48", "00-00-5e-00-53-2a", null, null),
      new Case("eui64", "EUI64", "00-00-5E-EF-10-00-00-2A", "00-00-5e-ef-10-00-00-2a", null),
      new Case("nid", "NID", "10 0014:4fff:ff20:ee64", null, null),
      new Case("l32", "L32", "10 10.1.2.0", null, null),
      new Case("l64", "L64", "10 2001:0DB8:1140:1000", "10 2001:0db8:1140:1000", null),
      new Case("lp", "LP", "10 L64-Subnet1.example.com.", null, null),
      new Case("csync", "CSYNC", "66 3 A NS AAAA", null, null),
      new Case("csync2", "CSYNC", "1 0 A TYPE1234", null, null),
      // types dnsjava 3.6 lacks and Knot 3.2 does not know: wire from the defining document
      new Case("eid", "EID", "0102aabb", "0102AABB", "0102aabb"),
      new Case("nimloc", "NIMLOC", "32 ab", "32AB", "32ab"),
      new Case("atma", "ATMA", "39.246f.000e7c9c0312.0001.0001.000012345678.00", "39246f000e7c9c031200010001000012345678" + "00",
          "0039246f000e7c9c031200010001000012345678" + "00"),
      new Case("atma2", "ATMA", "+358400123456", null, "01333538343030313233343536"),
      new Case("sink", "SINK", "1 0 0 AQID", null, "010000010203"),
      new Case("sink2", "SINK", "8 0 2", null, "080002"),
      new Case("ninfo", "NINFO", "\"x\" \"y z\"", null, "0178037920" + "7a"),
      new Case("rkey", "RKEY", "256 3 8 AQID", null, "01000308010203"),
      new Case("talink", "TALINK", "a.example. B.example.", null, "01610765" + "78616d706c650001420765" + "78616d706c6500"),
      new Case("dsync", "DSYNC", "CDS 1 5359 ns.example.", null, "003b0114ef026e730765" + "78616d706c6500"),
      new Case("dsync2", "DSYNC", "TYPE65280 1 53 ns.example.", null, "ff000100350" + "26e730765" + "78616d706c6500"),
      new Case("hhit", "HHIT", "AQID", null, "010203"),
      new Case("brid", "BRID", "AQIDBA==", null, "01020304"),
      new Case("avc", "AVC", "\"app-name:WOLFGANG|app-class:OAM\"", null,
          "1f6170702d6e616d653a574f4c4647414e477c6170702d636c6173733a4f414d"),
      new Case("doa", "DOA", "0 1 2 \"\" aHR0cHM6Ly93d3cuaXNjLm9yZy8=", null,
          "0000000000000001020068747470733a2f2f7777772e6973632e6f72672f"),
      new Case("doa2", "DOA", "1234567890 1234567890 1 \"image/gif\" -", null,
          "499602d2499602d201" + "09696d6167652f676966"),
      new Case("amt0", "AMTRELAY", "0 0 0 .", null, "0000"),
      new Case("amt1", "AMTRELAY", "10 0 1 203.0.113.15", null, "0a01cb00710f"),
      new Case("amt2", "AMTRELAY", "10 0 2 2001:db8::15", "10 0 2 2001:db8:0:0:0:0:0:15", "0a0220010db8000000000000000000000015"),
      new Case("amt3", "AMTRELAY", "128 1 3 amtrelays.example.com.", null,
          "808309616d7472656c6179730765" + "78616d706c6503636f6d00"),
      new Case("resinfo", "RESINFO", "qnamemin exterr=15,16,17 infourl=https://resolver.example.com/guide",
          "\"qnamemin\" \"exterr=15,16,17\" \"infourl=https://resolver.example.com/guide\"",
          "08716e616d656d696e0f6578746572723d31352c31362c3137" + "2a696e666f75726c3d68747470733a2f2f7265736f6c766572"
              + "2e6578616d706c652e636f6d2f6775696465"),
      new Case("wallet", "WALLET", "\"BTC\" \"bc1qxy\"", null, "03425443066263317178" + "79"),
      new Case("cla", "CLA", "\"TCPCLv4\"", null, "07544350434c7634"),
      new Case("ipn", "IPN", "18446744073709551615", null, "ffffffffffffffff"),
      new Case("ipn2", "IPN", "23", null, "0000000000000017"),
      new Case("ta", "TA", "12345 8 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE5B7A2E0D3E9C8A9B2C3D4E5F", null,
          "3039080249fd46e6c4b45c55d4ac69cbd3cd34ac1afe51de5b7a2e0d3e9c8a9b2c3d4e5f"),
      // RFC 3597 generic form: unknown numbers, and known types written generically
      new Case("g-unknown", "TYPE65280", "\\# 4 0a000001", "\\# 4 0A000001", "0a000001"),
      new Case("g-empty", "TYPE65281", "\\# 0", "\\# 0 ", ""),
      new Case("g-a", "A", "\\# 4 c0000201", "192.0.2.1", null),
      new Case("g-txt", "TXT", "\\# 4 03616263", "\"abc\"", null),
      new Case("g-eui48", "EUI48", "\\# 6 00005e00532a", "00-00-5e-00-53-2a", null),
      new Case("g-amt", "TYPE260", "\\# 6 0a01cb00710f", "10 0 1 203.0.113.15", "0a01cb00710f"),
      new Case("g-null", "NULL", "\\# 3 010203", "\\# 3 010203", "010203"),
      new Case("g-uinfo", "UINFO", "\\# 2 0102", "\\# 2 0102", "0102"),
      new Case("g-uid", "UID", "\\# 4 00000064", "\\# 4 00000064", "00000064"),
      // dnsjava's own types, byte for byte as Knot has them
      new Case("aaaa", "AAAA", "2001:db8::1", "2001:db8:0:0:0:0:0:1", null),
      new Case("txt", "TXT", "\"a\\\"b\" \"c d\" \"\\195\\169\"", null, null),
      new Case("caa", "CAA", "0 issue \"ca.example.net; account=230123\"", null, null),
      new Case("sshfp", "SSHFP", "4 2 123456789ABCDEF67890123456789ABCDEF67890123456789ABCDEF1234567", null, null),
      new Case("tlsa", "TLSA", "3 1 1 D2ABDE240D7CD3EE6B4B28C54DF034B97983A1D16E8A410E4561CB106618E971", null, null),
      new Case("uri", "URI", "10 1 \"ftp://ftp1.example.com/public\"", null, null),
      new Case("hinfo", "HINFO", "\"PC\" \"Linux\"", null, null),
      new Case("naptr", "NAPTR", "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com.", null, null),
      new Case("srv", "SRV", "0 5 5060 sip.example.com.", null, null),
      new Case("ds", "DS", "12345 8 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE5B7A2E0D3E9C8A9B2C3D4E5F", null, null),
      new Case("dnskey", "DNSKEY", "257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==",
          null, null),
      new Case("openpgpkey", "OPENPGPKEY", "AQIDBAUG", null, null),
      new Case("zonemd", "ZONEMD", "2018031500 1 1 FEBE3D4CE2EC2FFA4BA99D46CD69D6D29711E55217057BEE7EB1A7B641A47BA7FED2DD5B97AE499FAFA4F22C6BD647DE",
          null, null),
      new Case("svcb", "SVCB", "1 . alpn=h2,h3 port=8443 ipv4hint=192.0.2.1", null, null),
      new Case("https", "HTTPS", "1 . alpn=h3 ech=AQID", null, null),
      new Case("loc", "LOC", "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000.00m 10.00m",
          "52 22 23 N 4 53 32 E -2m 0m 10000m 10m", null),
      new Case("apl", "APL", "1:192.168.32.0/21 !1:192.168.38.0/28 2:2001:db8::/32",
          "1:192.168.32.0/21 !1:192.168.38.0/28 2:2001:db8:0:0:0:0:0:0/32", null),
      new Case("dhcid", "DHCID", "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=", null, null),
      new Case("ipseckey", "IPSECKEY", "10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==", null, null),
      new Case("cert", "CERT", "PGP 0 0 AQID", "3 0 0 AQID", null),
      new Case("kx", "KX", "10 kx.example.com.", null, null),
      new Case("afsdb", "AFSDB", "1 afs.example.com.", null, null),
      new Case("rp", "RP", "admin.example.com. txt.example.com.", null, null),
      new Case("smimea", "SMIMEA", "3 1 1 D2ABDE240D7CD3EE6B4B28C54DF034B97983A1D16E8A410E4561CB106618E971", null, null),
      new Case("cds", "CDS", "12345 13 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE5B7A2E0D3E9C8A9B2C3D4E5F", null, null),
      new Case("nsec3param", "NSEC3PARAM", "1 0 0 -", null, null),
      new Case("spf", "SPF", "\"v=spf1 -all\"", null, null));

  /** Types whose RDATA names may be compressed (RFC 3597 §4): compared as parsed records, not as raw bytes. */
  private static final Set<Integer> COMPRESSIBLE = Set.of(Type.NS, Type.CNAME, Type.SOA, Type.PTR, Type.MX, Type.MINFO);

  @TempDir static Path dir;
  static AyaAndKnot servers;
  static TestDns.Running aya;
  static Knot knot;

  @BeforeAll
  static void start() throws Exception {
    RecordTypes.register();
    String head = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 hostmaster 1 7200 900 1209600 300\n@ NS ns1\nns1 A 192.0.2.53\n";
    StringBuilder ours = new StringBuilder(head);
    StringBuilder knots = new StringBuilder(head);
    for (Case c : CASES) {
      ours.append(c.owner()).append(' ').append(c.type()).append(' ').append(c.rdata()).append('\n');
      if (c.wireHex() == null) {
        knots.append(c.owner()).append(' ').append(c.type()).append(' ').append(c.rdata()).append('\n');
      } else {
        knots.append(c.owner()).append(" TYPE").append(c.typeCode()).append(" \\# ")
            .append(c.wireHex().length() / 2).append(' ').append(c.wireHex()).append('\n');
      }
    }
    Path ayaFile = dir.resolve("example.com.zone");
    Files.writeString(ayaFile, ours, StandardCharsets.ISO_8859_1);
    Files.createDirectories(dir.resolve("k"));
    Path knotFile = dir.resolve("k/example.com.zone");
    Files.writeString(knotFile, knots, StandardCharsets.ISO_8859_1);
    servers = AyaAndKnot.start(dir, "example.com.", ayaFile, knotFile);
    aya = servers.aya;
    knot = servers.knot;
  }

  @AfterAll
  static void stop() {
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  void everyTypeIsAnsweredByteForByteAsKnotAnswersIt() {
    for (Case c : CASES) {
      String what = c.owner() + " " + c.type();
      Message q = TestDns.query(c.owner() + ".example.com.", c.typeCode());
      byte[] reference = TestDns.udpRaw(knot.address, q.toWire());
      byte[] udp = TestDns.udpRaw(aya.address(), q.toWire());
      Message tcp = TestDns.tcp(aya.address(), q);
      assertEquals(Rcode.NOERROR, TestDns.parse(reference).getRcode(), "Knot " + what + ": " + knot.log());
      List<byte[]> expected = rdataOfAnswers(reference);
      assertEquals(1, expected.size(), what);
      if (!COMPRESSIBLE.contains(c.typeCode())) {
        assertEquals(hex(expected.get(0)), hex(rdataOfAnswers(udp).get(0)), what + " over UDP");
        assertEquals(hex(expected.get(0)), hex(tcp.getSection(Section.ANSWER).get(0).rdataToWireCanonical()), what + " over TCP");
      }
      if (c.wireHex() != null) {
        assertEquals(c.wireHex(), hex(rdataOfAnswers(udp).get(0)), what + " against the defining document");
      }
      assertEquals(TestDns.parse(reference).getSection(Section.ANSWER).toString(),
          TestDns.parse(udp).getSection(Section.ANSWER).toString(), what);
    }
  }

  @Test
  void everyTypeRoundTripsFromPresentationToWireAndBack() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Case c : CASES) {
      String what = c.owner() + " " + c.type();
      Message m = TestDns.udp(aya.address(), TestDns.query(c.owner() + ".example.com.", c.typeCode()));
      Record r = m.getSection(Section.ANSWER).get(0);
      assertEquals(c.typeCode(), r.getType(), what);
      if (!c.expectedText().equals(r.rdataToString())) {
        wrong.add(what + ": expected <" + c.expectedText() + "> but was <" + r.rdataToString() + ">");
        continue;
      }
      Record again = Record.fromString(r.getName(), r.getType(), DClass.IN, r.getTTL(), r.rdataToString(), Name.root);
      assertArrayEquals(r.rdataToWireCanonical(), again.rdataToWireCanonical(), what);
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void zoneWithEui48AndEui64LoadsWithAllItsOtherNames() throws Exception {
    for (String name : new String[] {"ns1.example.com.", "eui48.example.com.", "eui64.example.com."}) {
      Message m = TestDns.udp(aya.address(), TestDns.query(name, Type.ANY));
      assertEquals(Rcode.NOERROR, m.getRcode(), name);
      assertEquals(1, m.getSection(Section.ANSWER).size(), name);
    }
  }

  /** The RDATA of each answer record, as the bytes on the wire (names in RDATA left as sent). */
  static List<byte[]> rdataOfAnswers(byte[] wire) {
    int answers = (wire[6] & 0xFF) << 8 | (wire[7] & 0xFF);
    int p = skipName(wire, 12) + 4;
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < answers; i++) {
      p = skipName(wire, p) + 8;
      int length = (wire[p] & 0xFF) << 8 | (wire[p + 1] & 0xFF);
      out.add(Arrays.copyOfRange(wire, p + 2, p + 2 + length));
      p += 2 + length;
    }
    return out;
  }

  private static int skipName(byte[] wire, int p) {
    while (true) {
      int len = wire[p] & 0xFF;
      if (len == 0) {
        return p + 1;
      }
      if ((len & 0xC0) == 0xC0) {
        return p + 2;
      }
      p += 1 + len;
    }
  }

  private static String hex(byte[] b) {
    return base16.toString(b).toLowerCase(java.util.Locale.ROOT);
  }
}
