package io.aya.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@code kill -HUP} on a running {@code aya serve} re-reads the zones directory: a broken file is logged as
 * {@code file:line: message} while its previous version keeps answering; once fixed, the next SIGHUP serves it.
 */
class SighupReloadIT {
  @TempDir Path tmp;
  private AyaProcess node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.stop();
    }
  }

  private static String zone(int serial, String hostAddress, String extra) {
    return String.join("\n",
        "$ORIGIN hup.test.",
        "$TTL 60",
        "@    IN SOA ns1 hostmaster " + serial + " 7200 900 1209600 60",
        "@    IN NS  ns1",
        "ns1  IN A   192.0.2.53",
        "host IN A   " + hostAddress,
        extra,
        "");
  }

  private long serial() throws Exception {
    Message m = node.query("hup.test.", Type.SOA);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    Record soa = m.getSection(Section.ANSWER).get(0);
    return ((SOARecord) soa).getSerial();
  }

  @Test
  void sighupKeepsTheOldZoneOnABrokenFileWithFileLineAndServesTheFixedOne() throws Exception {
    Path zones = Files.createDirectories(tmp.resolve("zones"));
    Path file = zones.resolve("hup.test.zone");
    Files.writeString(file, zone(1, "192.0.2.1", ""));
    node = new AyaProcess("hup", tmp.resolve("node"), AyaProcess.freePort(),
        List.of("--zones", zones.toString(), "--geo", "")).start();
    assertThat(AyaProcess.addresses(node.query("host.hup.test.", Type.A))).containsExactly("192.0.2.1");

    Files.writeString(file, zone(2, "192.0.2.2", "bad  IN A   192.0.2.300"));
    node.hangUp();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> node.log().contains(file + ":7: Invalid address: 192.0.2.300"));
    assertThat(AyaProcess.addresses(node.query("host.hup.test.", Type.A))).containsExactly("192.0.2.1");
    assertThat(serial()).isEqualTo(1);
    assertThat(node.isAlive()).isTrue();

    Files.writeString(file, zone(3, "192.0.2.3", "new  IN A   192.0.2.33"));
    node.hangUp();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> AyaProcess.addresses(node.query("host.hup.test.", Type.A)).equals(List.of("192.0.2.3")));
    assertThat(serial()).isEqualTo(3);
    assertThat(AyaProcess.addresses(node.query("new.hup.test.", Type.A))).containsExactly("192.0.2.33");
  }
}
