package io.aya.gslb.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.aya.gslb.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** CH TXT {@code id.server.} and {@code hostname.bind.} (RFC 4892) over real UDP and TCP: which node answered. */
class ServerIdentityTest {
  @TempDir Path dir;

  private AyaNode start(Consumer<ConfigLoader.Settings> tweak) throws Exception {
    TestNode.write(dir.resolve("zones/example.test.zone"), String.join("\n",
        "$ORIGIN example.test.",
        "@ 300 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        ""));
    ConfigLoader.Settings s = TestNode.settings(dir.resolve("zones"), dir.resolve("state"));
    s.node = "ns1-iad";
    tweak.accept(s);
    return AyaNode.start(ConfigLoader.load(null, s, TestNode.noEnv()));
  }

  private static Message chaos(AyaNode node, String name, int type, boolean tcp) throws Exception {
    SimpleResolver r = new SimpleResolver(node.dnsAddress());
    r.setTimeout(Duration.ofSeconds(5));
    r.setTCP(tcp);
    return r.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.CH)));
  }

  private static String text(Message m) {
    Record[] answer = m.getSectionArray(Section.ANSWER);
    assertThat(answer).hasSize(1);
    assertThat(answer[0].getDClass()).isEqualTo(DClass.CH);
    assertThat(answer[0].getTTL()).isZero();
    return String.join("", ((TXTRecord) answer[0]).getStrings());
  }

  @Test
  void idServerAndHostnameBindAnswerTheNodeNameOverUdpAndTcp() throws Exception {
    try (AyaNode node = start(s -> { })) {
      Message id = chaos(node, "id.server.", Type.TXT, false);
      assertThat(id.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(id.getHeader().getFlag(Flags.AA)).isTrue();
      assertThat(text(id)).isEqualTo("ns1-iad");
      assertThat(text(chaos(node, "HOSTNAME.BIND.", Type.TXT, true))).isEqualTo("ns1-iad");
      Message a = chaos(node, "id.server.", Type.A, false);
      assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(a.getSectionArray(Section.ANSWER)).isEmpty();
    }
  }

  @Test
  void theVersionIsNotDisclosedAndOtherChaosNamesAreRefused() throws Exception {
    try (AyaNode node = start(s -> { })) {
      assertThat(chaos(node, "version.bind.", Type.TXT, false).getRcode()).isEqualTo(Rcode.REFUSED);
      assertThat(chaos(node, "version.server.", Type.TXT, false).getRcode()).isEqualTo(Rcode.REFUSED);
      assertThat(chaos(node, "authors.bind.", Type.TXT, false).getRcode()).isEqualTo(Rcode.REFUSED);
    }
  }

  @Test
  void serverIdSetsTheTextAndAnEmptyOneTurnsTheAnswerOff() throws Exception {
    try (AyaNode node = start(s -> s.serverId = "iad-7")) {
      assertThat(text(chaos(node, "id.server.", Type.TXT, false))).isEqualTo("iad-7");
    }
    try (AyaNode node = start(s -> s.serverId = "")) {
      assertThat(chaos(node, "id.server.", Type.TXT, false).getRcode()).isEqualTo(Rcode.REFUSED);
    }
  }
}
