package io.aya.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1,000,000-record zone (generated here) transfers completely and byte for byte: {@code kdig AXFR} against
 * a node in its own JVM returns exactly the zone's records, SOA first and last. The node streams the transfer
 * message by message at the pace the client reads; it never renders the whole zone at once.
 */
class BigZoneTransferIT {
  static final int NAMES = 250_000;
  @TempDir Path tmp;
  private AyaProcess node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void aMillionRecordZoneTransfersCompletelyAndExactlyByAxfr() throws Exception {
    Path zones = Files.createDirectories(tmp.resolve("zones"));
    Set<String> expected = new HashSet<>(4 * NAMES + 4);
    try (BufferedWriter w = Files.newBufferedWriter(zones.resolve("big.test.zone"), StandardCharsets.US_ASCII)) {
      w.write("$TTL 300\n@ IN SOA ns1 hostmaster 7 3600 900 1209600 60\n@ IN NS ns1\nns1 IN A 198.51.100.53\n");
      expected.add("big.test. 300 IN NS ns1.big.test.");
      expected.add("ns1.big.test. 300 IN A 198.51.100.53");
      for (int i = 0; i < NAMES; i++) {
        String a = "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255);
        String v6 = "2001:db8:1::" + Integer.toHexString((i >> 16) + 1) + ":" + Integer.toHexString(i & 0xffff);
        String line = "n" + i + " IN A " + a + "\n"
            + " IN A 172.16." + ((i >> 8) & 255) + "." + (i & 255) + "\n"
            + " IN AAAA " + v6 + "\n"
            + " IN TXT \"record " + i + "\"\n";
        w.write(line);
        String owner = "n" + i + ".big.test. 300 IN ";
        expected.add(owner + "A " + a);
        expected.add(owner + "A 172.16." + ((i >> 8) & 255) + "." + (i & 255));
        expected.add(owner + "AAAA " + v6);
        expected.add(owner + "TXT \"record " + i + "\"");
      }
    }
    assertThat(expected).hasSize(4 * NAMES + 2);
    node = new AyaProcess("big", tmp.resolve("node"), AyaProcess.freePort(),
        List.of("--zones", zones.toString(), "--geo", ""))
        .withJvmOptions("-Xmx2g", "-XX:+UseSerialGC").withStartTimeout(Duration.ofMinutes(10)).start();

    Path out = tmp.resolve("axfr.txt");
    Process kdig = new ProcessBuilder("kdig", "@127.0.0.1", "-p", Integer.toString(node.dnsPort), "big.test",
        "AXFR", "+nocomments", "+nostats", "+time=20")
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(kdig.waitFor(5, TimeUnit.MINUTES)).as("kdig finished").isTrue();

    List<String> soa = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    int records = 0;
    String first = null;
    String last = null;
    try (BufferedReader r = Files.newBufferedReader(out, StandardCharsets.US_ASCII)) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith(";")) {
          continue;
        }
        records++;
        String normalized = String.join(" ", line.strip().split("\\s+"));
        first = first == null ? normalized : first;
        last = normalized;
        if (normalized.contains(" SOA ")) {
          soa.add(normalized);
        } else if (!expected.remove(normalized) && unexpected.size() < 10) {
          unexpected.add(normalized);
        }
      }
    }
    assertThat(unexpected).as("records not in the zone (or twice)").isEmpty();
    assertThat(expected).as("records missing from the transfer").isEmpty();
    assertThat(soa).containsExactly("big.test. 300 IN SOA ns1.big.test. hostmaster.big.test. 7 3600 900 1209600 60",
        "big.test. 300 IN SOA ns1.big.test. hostmaster.big.test. 7 3600 900 1209600 60");
    assertThat(first).contains(" SOA ");
    assertThat(last).contains(" SOA ");
    assertThat(records).isEqualTo(4 * NAMES + 4);
    assertThat(kdig.exitValue()).isZero();
  }
}
