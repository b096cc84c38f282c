package io.aya.gslb.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every mistake gives exactly {@code file:line: message}; the head of each file is 5 lines long. */
class ZoneFileErrorsTest {
  /** Lines 1..5; a case's own text starts at line 6. */
  static final String HEAD = "$TTL 300\n"
      + "@ IN SOA ns1 hostmaster 1 7200 900 1209600 60\n"
      + "@ IN NS ns1\n"
      + "ns1 IN A 198.51.100.53\n"
      + "$REGION r1 0 0\n";

  @TempDir Path dir;

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("unknown region", "www GSLB nowhere 192.0.2.1", 6, "unknown region nowhere (declared: r1)"),
        Arguments.of("duplicate region", "$REGION r2 1 1\n$REGION r1 1 1", 7,
            "duplicate region r1 (first declared at FILE:5)"),
        Arguments.of("latitude out of range", "$REGION r2 91 0", 6, "latitude: 91 (expected: decimal degrees, -90..90)"),
        Arguments.of("longitude out of range", "$REGION r2 0 -180.5", 6,
            "longitude: -180.5 (expected: decimal degrees, -180..180)"),
        Arguments.of("latitude not a number", "$REGION r2 NaN 0", 6, "latitude: NaN (expected: decimal degrees, -90..90)"),
        Arguments.of("region without coordinates", "$REGION r2 10", 6,
            "$REGION needs a name, a latitude and a longitude ($REGION name lat lon [capacity=N])"),
        Arguments.of("negative capacity", "$REGION r2 1 1 capacity=-5", 6,
            "capacity: -5 (expected: 0..9223372036854775807)"),
        Arguments.of("unknown region option", "$REGION r2 1 1 size=5", 6, "unknown $REGION option size=5 (expected: capacity=N, cost=C)"),
        Arguments.of("negative region cost", "$REGION r2 1 1 cost=-2", 6, "cost: -2 (expected: a decimal number of ms, 0..1000000)"),
        Arguments.of("duplicate region cost", "$REGION r2 1 1 cost=2 cost=3", 6, "duplicate $REGION option cost"),
        Arguments.of("bad IPv4 address", "www GSLB r1 192.0.2.256", 6,
            "address: 192.0.2.256 (expected: a unicast IPv4 or IPv6 address)"),
        Arguments.of("host name instead of address", "www GSLB r1 web.example.net.", 6,
            "address: web.example.net. (expected: a unicast IPv4 or IPv6 address)"),
        Arguments.of("multicast address", "www GSLB r1 ff02::1", 6, "address: ff02::1 (expected: a unicast IPv4 or IPv6 address)"),
        Arguments.of("broadcast address", "www GSLB r1 255.255.255.255", 6,
            "address: 255.255.255.255 (expected: a unicast IPv4 or IPv6 address)"),
        Arguments.of("weight not a number", "www GSLB r1 192.0.2.1@x", 6, "weight of 192.0.2.1: x (expected: 0..65535)"),
        Arguments.of("weight too large", "www GSLB r1 192.0.2.1@70000", 6, "weight of 192.0.2.1: 70000 (expected: 0..65535)"),
        Arguments.of("duplicate member", "www GSLB r1 192.0.2.1 192.0.2.1@2", 6,
            "duplicate address 192.0.2.1 in the pool for region r1"),
        Arguments.of("unknown check", "$CHECK web tcp port=80\nwww GSLB r1 192.0.2.1 check=api", 7,
            "unknown check api (declared: web)"),
        Arguments.of("unknown GSLB option", "www GSLB r1 192.0.2.1 health=web", 6,
            "unknown GSLB option health=web (expected: check=, up=)"),
        Arguments.of("up above member count", "www GSLB r1 192.0.2.1 192.0.2.2 up=3", 6,
            "up: 3 (expected: 1..2, the pool's address count)"),
        Arguments.of("pool without members", "www GSLB r1 up=1", 6, "GSLB pool for region r1 has no addresses"),
        Arguments.of("GSLB without region", "www 30 IN GSLB", 6,
            "GSLB record needs a region and addresses (GSLB region addr[@weight]... [check=name] [up=N])"),
        Arguments.of("GSLB in another class", "www CH GSLB r1 192.0.2.1", 6, "class CH (expected: IN)"),
        Arguments.of("two pools for one region", "www GSLB r1 192.0.2.1\nwww GSLB r1 192.0.2.2", 7,
            "second GSLB pool for region r1 at www.example.com. (first at FILE:6)"),
        Arguments.of("different TTLs of one balanced name", "$REGION r2 1 1\nwww 30 GSLB r1 192.0.2.1\nwww 60 GSLB r2 192.0.2.2", 8,
            "TTL 60 differs from the TTL 30 of the first GSLB record of www.example.com. "
                + "(a balanced name has one TTL; or set it with $POLICY ttl=)"),
        Arguments.of("unknown policy word", "www GSLB r1 192.0.2.1\n$POLICY www geo nearest", 7,
            "unknown policy word nearest (expected: geo, priority=, capacity, weighted, geofence=, answers=, fallback=, ttl=)"),
        Arguments.of("answers out of range", "www GSLB r1 192.0.2.1\n$POLICY www answers=0", 7, "answers: 0 (expected: 1..64)"),
        Arguments.of("bad geofence code", "www GSLB r1 192.0.2.1\n$POLICY www geofence=GB,XX", 7,
            "geofence: XX (expected: ISO 3166 country codes such as GB, or continent codes AF AN AS EU NA OC SA)"),
        Arguments.of("geofence code that is a continent and a country", "www GSLB r1 192.0.2.1\n$POLICY www geofence=EU,NA", 7,
            "geofence: NA is both a continent and a country (write continent:NA or country:NA)"),
        Arguments.of("geofence continent that is none", "www GSLB r1 192.0.2.1\n$POLICY www geofence=continent:GB", 7,
            "geofence: continent:GB (expected: a continent code AF AN AS EU NA OC SA after continent:)"),
        Arguments.of("geofence country that is none", "www GSLB r1 192.0.2.1\n$POLICY www geofence=country:EU", 7,
            "geofence: country:EU (expected: an ISO 3166 country code such as GB after country:)"),
        Arguments.of("bad policy ttl", "www GSLB r1 192.0.2.1\n$POLICY www ttl=soon", 7,
            "ttl: soon (expected: 0..2147483647 seconds, or units such as 1h30m)"),
        Arguments.of("policy word without value", "www GSLB r1 192.0.2.1\n$POLICY www priority", 7,
            "priority needs a value (priority=us-east,eu-west)"),
        Arguments.of("policy flag with value", "www GSLB r1 192.0.2.1\n$POLICY www geo=yes", 7,
            "geo: yes (expected: no value, just the word geo)"),
        Arguments.of("duplicate policy word", "www GSLB r1 192.0.2.1\n$POLICY www answers=1 answers=2", 7,
            "duplicate policy word answers"),
        Arguments.of("bad fallback address", "www GSLB r1 192.0.2.1\n$POLICY www fallback=192.0.2.9,10.0.0.300", 7,
            "fallback: 10.0.0.300 (expected: all, none, or unicast IPv4/IPv6 addresses separated by commas)"),
        Arguments.of("priority region without pool", "$REGION r2 1 1\nwww GSLB r1 192.0.2.1\n$POLICY www priority=r2,r1", 8,
            "priority: region r2 has no GSLB pool at www.example.com."),
        Arguments.of("priority naming an unknown region", "www GSLB r1 192.0.2.1\n$POLICY www priority=r1,r9", 7,
            "priority: unknown region r9 (declared: r1)"),
        Arguments.of("policy for a name without GSLB records", "www GSLB r1 192.0.2.1\n$POLICY api geo", 7,
            "$POLICY for api.example.com., which has no GSLB records"),
        Arguments.of("second policy for a name", "www GSLB r1 192.0.2.1\n$POLICY www geo\n$POLICY www capacity", 8,
            "second $POLICY for www.example.com. (first at FILE:7)"),
        Arguments.of("GSLB name with an A record", "www IN A 192.0.2.1\nwww GSLB r1 192.0.2.2", 7,
            "GSLB name www.example.com. also has static records (A at FILE:6); a balanced name cannot have other data"),
        Arguments.of("GSLB name with records written later", "www GSLB r1 192.0.2.2\nwww TXT \"x\"\nwww MX 10 mail", 6,
            "GSLB name www.example.com. also has static records (TXT at FILE:7, MX at FILE:8); "
                + "a balanced name cannot have other data"),
        Arguments.of("GSLB name with a CNAME", "www CNAME elsewhere.example.net.\nwww GSLB r1 192.0.2.2", 7,
            "GSLB name www.example.com. also has static records (CNAME at FILE:6); a balanced name cannot have other data"),
        Arguments.of("static record inheriting a GSLB owner", "www GSLB r1 192.0.2.2\n    IN TXT \"x\"", 7,
            "record without an owner name follows a GSLB record of www.example.com. (a GSLB name cannot have static records)"),
        Arguments.of("GSLB name below a delegation", "sub NS ns.sub\nns.sub A 192.0.2.53\nwww.sub GSLB r1 192.0.2.2", 8,
            "GSLB name www.sub.example.com. is at or below the delegation sub.example.com."),
        Arguments.of("bad GSLB owner name", "a..b GSLB r1 192.0.2.2", 6, "'a..b': invalid empty label"),
        Arguments.of("GSLB name outside the zone", "www.example.org. GSLB r1 192.0.2.2", 6,
            "www.example.org. is outside the zone example.com."),
        Arguments.of("static record outside the zone", "host.example.org. A 192.0.2.2", 6,
            "host.example.org. is outside the zone example.com."),
        Arguments.of("CNAME after other data", "a A 192.0.2.1\na CNAME b", 7,
            "CNAME at a.example.com. cannot coexist with other data (A at FILE:6, RFC 1034 §3.6.2)"),
        Arguments.of("other data after a CNAME", "a CNAME b\na TXT \"x\"", 7,
            "TXT at a.example.com. cannot coexist with the CNAME at FILE:6 (RFC 1034 §3.6.2)"),
        Arguments.of("two CNAMEs", "a CNAME b\na CNAME c", 7, "second CNAME at a.example.com. (first at FILE:6)"),
        Arguments.of("second SOA", "@ SOA ns1 hostmaster 2 7200 900 1209600 60", 6, "second SOA record for example.com."),
        Arguments.of("SOA below the origin", "sub SOA ns1 hostmaster 2 7200 900 1209600 60", 6,
            "SOA at sub.example.com. (expected: only at the zone origin example.com.)"),
        Arguments.of("second DNAME at a name", "d DNAME a.example.net.\nd DNAME b.example.net.", 7,
            "second DNAME at d.example.com. (first at FILE:6; DNAME is a singleton type, RFC 6672 §2.4)"),
        Arguments.of("data below a DNAME", "d DNAME a.example.net.\nwww.d A 192.0.2.1", 7,
            "www.d.example.com. is below the DNAME at d.example.com. (FILE:6); names below a DNAME cannot have data"
                + " (RFC 6672 §2.4)"),
        Arguments.of("DNAME at a delegation", "d DNAME a.example.net.\nd NS ns.example.net.", 7,
            "NS at d.example.com. beside the DNAME at FILE:6 (a DNAME cannot be at a delegation, RFC 6672 §2.4)"),
        Arguments.of("GSLB name below a DNAME", "d DNAME a.example.net.\nwww.d GSLB r1 192.0.2.1", 7,
            "GSLB name www.d.example.com. is below the DNAME at d.example.com. (FILE:6); names below a DNAME cannot"
                + " have data (RFC 6672 §2.4)"),
        Arguments.of("CNAME beside a DNAME", "d DNAME a.example.net.\nd CNAME b.example.net.", 7,
            "CNAME at d.example.com. cannot coexist with other data (DNAME at FILE:6, RFC 1034 §3.6.2)"),
        Arguments.of("EUI48 with five octets", "m EUI48 00-00-5e-00-53", 6,
            "'00-00-5e-00-53' (expected: 6 hex pairs separated by '-', such as 00-00-5e-00-53-2a)"),
        Arguments.of("generic form that is not valid for its type", "m EUI48 \\# 5 00005e0053", 6,
            "invalid EUI48 RDATA (end of input)"),
        Arguments.of("AMTRELAY of an unknown relay type", "m AMTRELAY 10 0 4 .", 6, "relay type: 4 (expected: 0..3)"),
        Arguments.of("meta type as zone data", "m TYPE128 \\# 0", 6, "NXNAME is a meta type, not zone data (RFC 6895 §3.1)"),
        Arguments.of("record in another class", "txt CH TXT \"x\"", 6, "class CH (expected: IN)"),
        Arguments.of("dnsjava: bad address", "host A 192.0.2.300", 6, "Invalid address: 192.0.2.300"),
        Arguments.of("dnsjava: unknown type", "host FOO 1", 6, "Invalid type 'FOO'"),
        Arguments.of("dnsjava: error on the third line of a record", "mx MX (\n  10\n  bad..name )", 8, "'bad..name': invalid empty label"),
        Arguments.of("dnsjava: bad $GENERATE", "$GENERATE 5-1 h$ A 192.0.2.$", 6, "Invalid $GENERATE range specifier: 5-1"),
        Arguments.of("dnsjava: $GENERATE of a type it cannot generate", "$GENERATE 1-2 t$ TXT \"x$\"", 6,
            "$GENERATE does not support TXT records"),
        Arguments.of("unknown directive", "$FOO bar", 6,
            "unknown directive $FOO (expected: $ORIGIN, $TTL, $INCLUDE, $GENERATE, $REGION, $CHECK, $POLICY, $FORWARD, $LOAD,"
                + " $TRANSFER, $NOTIFY, $SERIAL, $DNSSEC)"),
        Arguments.of("DNSSEC: unknown algorithm", "$DNSSEC algorithm=8", 6,
            "algorithm: 8 (expected: 13 (ECDSAP256SHA256) or 15 (ED25519))"),
        Arguments.of("DNSSEC: bad validity", "$DNSSEC validity=2w", 6,
            "validity: 2w (expected: a duration such as 14d or 12h, 1h..366d)"),
        Arguments.of("DNSSEC: refresh not below validity", "$DNSSEC validity=2d refresh=3d", 6,
            "refresh: 72h (expected: less than validity 48h)"),
        Arguments.of("DNSSEC: unknown denial", "$DNSSEC denial=nsec3", 6,
            "denial: nsec3 (expected: compact, RFC 9824 compact denial of existence)"),
        Arguments.of("DNSSEC: unknown option", "$DNSSEC salt=ab", 6,
            "unknown $DNSSEC option salt=ab ($DNSSEC [algorithm=13|15] [keys=DIR] [validity=14d] [refresh=7d]"
                + " [denial=compact] [cds=yes|no])"),
        Arguments.of("DNSSEC: twice", "$DNSSEC\n$DNSSEC", 7, "duplicate $DNSSEC (first at FILE:6)"),
        Arguments.of("bad $TTL", "$TTL forever", 6, "$TTL: forever (expected: 0..2147483647 seconds, or units such as 1h30m)"),
        Arguments.of("unbalanced parenthesis", "host A ( 192.0.2.1", 6,
            "unbalanced '(' (no closing ')' before the end of the file)"),
        Arguments.of("stray closing parenthesis", "host A 192.0.2.1 )", 6, "unbalanced ')'"),
        Arguments.of("unterminated quote", "txt TXT \"abc", 6, "unterminated quoted string"),
        Arguments.of("unknown check type", "$CHECK web icmp", 6, "check type: icmp (expected: tcp, http or https)"),
        Arguments.of("tcp check without port", "$CHECK db tcp", 6, "port= is required for tcp checks"),
        Arguments.of("http option on a tcp check", "$CHECK db tcp port=5432 path=/", 6,
            "path= is only valid for http and https checks"),
        Arguments.of("port out of range", "$CHECK web http port=70000", 6, "port: 70000 (expected: 1..65535)"),
        Arguments.of("bad interval", "$CHECK web http interval=2x", 6,
            "interval: 2x (expected: a duration such as 500ms, 2s or 1m, 100ms..1h)"),
        Arguments.of("timeout above interval", "$CHECK web http interval=1s timeout=3s", 6,
            "timeout: 3s (expected: at most the interval 1s)"),
        Arguments.of("bad expected status", "$CHECK web http expect=42", 6, "expect: 42 (expected: 100..599)"),
        Arguments.of("relative check path", "$CHECK web http path=healthz", 6,
            "path: healthz (expected: an absolute path starting with '/')"),
        Arguments.of("unknown check option", "$CHECK web http retries=3", 6,
            "unknown $CHECK option retries=3 (expected: port=, path=, expect=, body=, host=, interval=, timeout=, rise=, fall=)"),
        Arguments.of("duplicate check", "$CHECK web http\n$CHECK web tcp port=80", 7,
            "duplicate check web (first declared at FILE:6)"),
        Arguments.of("load for an unknown region", "$LOAD r9 url=http://192.0.2.1/load", 6, "unknown region r9 (declared: r1)"),
        Arguments.of("load with a bad url", "$LOAD r1 url=ftp://192.0.2.1/load", 6,
            "url: ftp://192.0.2.1/load (expected: an absolute http:// or https:// URL)"),
        Arguments.of("load without url", "$LOAD r1 field=load", 6, "$LOAD r1 needs url=http://..."),
        Arguments.of("second load for a region", "$LOAD r1 url=http://192.0.2.1/a\n$LOAD r1 url=http://192.0.2.1/b", 7,
            "second $LOAD for region r1 (first at FILE:6)"),
        Arguments.of("bad region name", "$REGION us/east 1 1", 6,
            "region name: us/east (expected: 1..63 letters, digits, '-', '_' or '.', starting with a letter or digit)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void eachMistakeIsReportedAsFileLineMessage(String what, String body, int line, String message) throws IOException {
    Path f = dir.resolve("example.com.zone");
    Files.writeString(f, HEAD + body + "\n", StandardCharsets.UTF_8);
    ZoneParseException e = assertThrows(ZoneParseException.class, () -> ZoneFileParser.parse(f));
    assertEquals(f + ":" + line + ": " + message.replace("FILE", f.toString()), e.getMessage(), e.messages().toString());
  }

  @Test
  void zoneWithoutSoaIsRejectedAtLineOne() throws IOException {
    Path f = dir.resolve("example.com.zone");
    Files.writeString(f, "$TTL 60\n@ NS ns1\nns1 A 192.0.2.53\n", StandardCharsets.UTF_8);
    ZoneParseException e = assertThrows(ZoneParseException.class, () -> ZoneFileParser.parse(f));
    assertEquals(f + ":1: zone example.com. has no SOA record", e.getMessage());
  }

  @Test
  void relativeOriginThatSetsTheZoneIsRejected() throws IOException {
    Path f = dir.resolve("x.zone");
    Files.writeString(f, "$ORIGIN example.com\n" + HEAD, StandardCharsets.UTF_8);
    ZoneParseException e = assertThrows(ZoneParseException.class, () -> ZoneFileParser.parse(f));
    assertEquals(f + ":1: $ORIGIN example.com sets the zone origin and must be absolute (end with '.')", e.getMessage());
  }

  @Test
  void brokenGslbRecordCausesNoFollowOnErrorsAboutItsNameOrPolicy() throws IOException {
    Path f = dir.resolve("example.com.zone");
    Files.writeString(f, HEAD
        + "$REGION r2 1 1\n"
        + "www GSLB r1 192.0.2.1\n"
        + "www GSLB r2 192.0.2.x\n"
        + "api GSLB r1 192.0.2.y\n"
        + "$POLICY www priority=r2,r1\n"
        + "$POLICY api geo\n", StandardCharsets.UTF_8);
    ZoneParseException e = assertThrows(ZoneParseException.class, () -> ZoneFileParser.parse(f));
    assertEquals(List.of(
        f + ":8: address: 192.0.2.x (expected: a unicast IPv4 or IPv6 address)",
        f + ":9: address: 192.0.2.y (expected: a unicast IPv4 or IPv6 address)"), e.messages());
  }

  @Test
  void linesInheritingTheOwnerOfABrokenRecordCauseNoFollowOnErrors() throws IOException {
    Path f = dir.resolve("example.com.zone");
    Files.writeString(f, HEAD
        + "www GSLB r1 192.0.2.1\n"
        + "bad A 192.0.2.300\n"
        + "    TXT \"inherits bad, not www\"\n"
        + "bad..name A 192.0.2.1\n"
        + "    TXT \"owner unknown: skipped\"\n", StandardCharsets.UTF_8);
    ZoneParseException e = assertThrows(ZoneParseException.class, () -> ZoneFileParser.parse(f));
    assertEquals(List.of(f + ":7: Invalid address: 192.0.2.300", f + ":9: 'bad..name': invalid empty label"),
        e.messages());
  }
}
