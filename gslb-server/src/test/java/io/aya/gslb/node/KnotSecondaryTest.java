package io.aya.gslb.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.gslb.dns.Knot;
import io.aya.gslb.dns.PeerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real secondary: Knot DNS ({@code knotd}, Debian package {@code knot}) configured as a secondary of a
 * running node with TSIG pulls the zone by AXFR, is notified of a reload and pulls the change by IXFR, and
 * answers the new serial ({@code kdig}).
 */
class KnotSecondaryTest {
  @TempDir Path dir;
  AyaNode node;
  PeerProcess knot;

  @AfterEach
  void stop() throws Exception {
    if (knot != null) {
      knot.close();
    }
    if (node != null) {
      node.close();
    }
  }

  static String zone(int knotPort, long serial, String extra) {
    return "$TRANSFER tsig=xfr-key\n"
        + "$NOTIFY 127.0.0.1:" + knotPort + " tsig=xfr-key\n"
        + "$TTL 300\n"
        + "@    IN SOA ns1 hostmaster " + serial + " 3600 900 1209600 60\n"
        + "@    IN NS  ns1\n"
        + "ns1  IN A   198.51.100.53\n"
        + "$REGION east 40 -75\n"
        + "www  30 IN GSLB east 192.0.2.10 192.0.2.11\n"
        + "$GENERATE 1-250 h$ IN A 10.1.0.$\n"
        + "$GENERATE 1-250 c$ IN CNAME h$\n"
        + extra;
  }

  @Test
  void knotPullsTheZoneByAxfrThenTheChangeByIxfrOnNotifyAllSignedAndAnswersTheNewSerial() throws Exception {
    int knotPort = PeerProcess.freePort();
    TestNode.write(dir.resolve("zones/k.test.zone"), zone(knotPort, 100, ""));
    TestNode.write(dir.resolve("state/tsig.keys"), "hmac-sha256:xfr-key:" + ZoneTransferTest.SECRET + "\n");
    node = AyaNode.start(TestNode.config(dir.resolve("zones"), dir.resolve("state")));
    Path log = startKnot(knotPort, node.dnsAddress().getPort());

    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .failFast("knotd exited: " + log, () -> !knot.isAlive())
        .until(() -> kdig(knotPort, "k.test", "SOA").contains(" 100 3600 900"));
    assertEquals(List.of("192.0.2.10", "192.0.2.11"), sorted(kdig(knotPort, "www.k.test", "A")));
    assertEquals(List.of("10.1.0.77"), sorted(kdig(knotPort, "h77.k.test", "A")));
    assertTrue(Files.readString(log).contains("AXFR, incoming"), Files.readString(log));

    TestNode.write(dir.resolve("zones/k.test.zone"), zone(knotPort, 101, "new IN A 192.0.2.99\n"));
    assertTrue(node.reloadZones().ok());

    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> kdig(knotPort, "k.test", "SOA").contains(" 101 3600 900"));
    assertEquals(List.of("192.0.2.99"), sorted(kdig(knotPort, "new.k.test", "A")));
    String knotLog = Files.readString(log);
    assertTrue(knotLog.contains("IXFR, incoming"), knotLog);
    assertTrue(knotLog.contains("notify, incoming"), knotLog);
  }

  Path startKnot(int port, int ayaPort) throws IOException {
    Path db = Files.createDirectories(dir.resolve("knot"));
    Knot.writeConfig(db, port, "info",
        "key:",
        "  - id: xfr-key",
        "    algorithm: hmac-sha256",
        "    secret: " + ZoneTransferTest.SECRET,
        "remote:",
        "  - id: aya",
        "    address: 127.0.0.1@" + ayaPort,
        "    key: xfr-key",
        "acl:",
        "  - id: from-aya",
        "    address: 127.0.0.1",
        "    key: xfr-key",
        "    action: notify",
        "template:",
        "  - id: default",
        "    storage: \"" + db + "\"",
        "zone:",
        "  - domain: k.test.",
        "    master: aya",
        "    acl: from-aya",
        "    zonefile-sync: -1",
        "    zonefile-load: none",
        "    journal-content: changes");
    knot = Knot.start(db);
    return db.resolve("knotd.log");
  }

  static String kdig(int port, String name, String type) throws Exception {
    Process p = new ProcessBuilder("kdig", "@127.0.0.1", "-p", Integer.toString(port), name, type, "+short",
        "+time=1", "+retry=0").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(5, TimeUnit.SECONDS);
    return out;
  }

  static List<String> sorted(String lines) {
    return lines.lines().map(String::strip).filter(l -> !l.isEmpty()).sorted().toList();
  }
}
