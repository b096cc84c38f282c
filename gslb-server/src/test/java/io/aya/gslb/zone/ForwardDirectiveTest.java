package io.aya.gslb.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;

/** {@code $FORWARD} next to {@code $POLICY}: what it parses to, and {@code file:line: message} for mistakes. */
class ForwardDirectiveTest {
  @TempDir Path dir;

  private Path zone(String body) throws IOException {
    return Files.writeString(dir.resolve("example.com.zone"), ZoneFileErrorsTest.HEAD
        + "$REGION r2 10 10\nwww GSLB r1 192.0.2.1 192.0.2.2@3\nwww GSLB r2 198.51.100.1\n" + body + "\n");
  }

  @Test
  void theIssuesExampleParsesWithEveryPortAndOption() throws Exception {
    Zone z = ZoneFileParser.parse(zone("$POLICY www geo\n$FORWARD www tcp:443 tcp:80 udp:443 lb=least-conn proxy=v2 fallback=none"));
    BalancedName bn = z.balancedNames().iterator().next();
    ForwardSpec f = bn.forward();
    assertThat(f.ports()).containsExactly(new ForwardSpec.Port(ForwardSpec.Protocol.TCP, 443),
        new ForwardSpec.Port(ForwardSpec.Protocol.TCP, 80), new ForwardSpec.Port(ForwardSpec.Protocol.UDP, 443));
    assertThat(f.lb()).isEqualTo(ForwardSpec.Lb.LEAST_CONN);
    assertThat(f.proxy()).isEqualTo(ForwardSpec.Proxy.V2);
    assertThat(f.fallback()).isEqualTo(ForwardSpec.FallbackMode.NONE);
    assertThat(bn.name()).isEqualTo(Name.fromString("www.example.com."));
  }

  @Test
  void defaultsAreNoProxyFallbackToTheNextRegionAndNoMemberLimit() throws Exception {
    ForwardSpec f = ZoneFileParser.parse(zone("$FORWARD www tcp:8443 lb=source-hash")).balancedNames().iterator().next()
        .forward();
    assertThat(f.proxy()).isEqualTo(ForwardSpec.Proxy.NONE);
    assertThat(f.fallback()).isEqualTo(ForwardSpec.FallbackMode.NEXT_REGION);
    assertThat(f.memberLimit()).isZero();
  }

  @Test
  void everyAlgorithmWordParses() throws Exception {
    for (ForwardSpec.Lb lb : ForwardSpec.Lb.values()) {
      ForwardSpec f = ZoneFileParser.parse(zone("$FORWARD www tcp:443 lb=" + lb.word())).balancedNames().iterator()
          .next().forward();
      assertThat(f.lb()).isEqualTo(lb);
    }
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("$FORWARD www tcp:443", "", "$FORWARD www.example.com. needs lb= "
            + "(expected: round-robin, weighted, least-conn, weighted-least-conn, least-time, source-hash, random-two)"),
        Arguments.of("$FORWARD www lb=least-conn", "", "$FORWARD www.example.com. has no ports ($FORWARD name "
            + "tcp:PORT|udp:PORT... lb=ALGORITHM [proxy=v1|v2] [fallback=next-region|none] [limit=N])"),
        Arguments.of("$FORWARD www tcp:443 lb=fastest", "", "lb: fastest (expected: round-robin, weighted, least-conn, "
            + "weighted-least-conn, least-time, source-hash, random-two)"),
        Arguments.of("$FORWARD www sctp:443 lb=weighted", "", "port: sctp:443 (expected: tcp:PORT or udp:PORT)"),
        Arguments.of("$FORWARD www tcp:70000 lb=weighted", "", "port: 70000 (expected: 1..65535)"),
        Arguments.of("$FORWARD www tcp:443 tcp:443 lb=weighted", "", "duplicate port tcp:443 in $FORWARD www.example.com."),
        Arguments.of("$FORWARD www tcp:443 lb=weighted proxy=v3", "", "proxy: v3 (expected: v1 or v2)"),
        Arguments.of("$FORWARD www tcp:443 lb=weighted fallback=all", "", "fallback: all (expected: next-region or none)"),
        Arguments.of("$FORWARD www tcp:443 lb=weighted lb=weighted", "", "duplicate $FORWARD option lb"),
        Arguments.of("$FORWARD www tcp:443 lb=weighted sticky", "", "unknown $FORWARD word sticky (expected: tcp:PORT, "
            + "udp:PORT, lb=, proxy=, fallback=, limit=)"),
        Arguments.of("$FORWARD api tcp:443 lb=weighted", "", "$FORWARD for api.example.com., which has no GSLB records"),
        Arguments.of("$FORWARD www tcp:443 lb=weighted\n$FORWARD www tcp:80 lb=weighted", "+1",
            "second $FORWARD for www.example.com. (first at FILE:9)"),
        Arguments.of("$FORWARD", "", "$FORWARD needs a name, ports and lb= ($FORWARD name tcp:PORT|udp:PORT... "
            + "lb=ALGORITHM [proxy=v1|v2] [fallback=next-region|none] [limit=N])"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void eachMistakeIsReportedAsFileLineMessage(String body, String lineHint, String message) throws IOException {
    Path f = zone(body);
    int line = lineHint.equals("+1") ? 10 : 9;
    ZoneParseException e = assertThrows(ZoneParseException.class, () -> ZoneFileParser.parse(f));
    assertThat(e.getMessage()).isEqualTo(f + ":" + line + ": " + message.replace("FILE", f.toString()));
  }

  @Test
  void aNameWithoutForwardIsNotForwarded() throws Exception {
    assertThat(ZoneFileParser.parse(zone("")).balancedNames()).extracting(BalancedName::forward)
        .containsExactly((ForwardSpec) null);
    assertThat(List.of(ForwardSpec.Lb.values())).hasSize(7);
  }
}
