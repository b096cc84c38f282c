package io.aya.gslb.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.aya.gslb.zone.HeapBudget;
import io.aya.gslb.zone.ReloadResult;
import io.aya.gslb.zone.ZoneRepository;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A large zone (120,000 records) loads and is answered over real UDP, and a new version that would not fit in
 * the heap is refused before it is parsed while the version served keeps answering.
 */
class BigZoneTest {
  static final int RECORDS = 120_000;

  @TempDir Path dir;

  /** {@code RECORDS} records: an A per name, an AAAA on every 4th, a TXT on every 10th (as bench/bigzone.sh). */
  static void writeZone(Path file, long serial, int records) throws IOException {
    try (Writer w = Files.newBufferedWriter(file)) {
      w.write("$ORIGIN big.test.\n$TTL 3600\n@ IN SOA ns1 hostmaster " + serial + " 7200 900 1209600 300\n"
          + "@ IN NS ns1\nns1 IN A 192.0.2.1\n");
      int n = 3;
      for (int i = 1; n < records; i++) {
        w.write("h" + i + " IN A 10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255) + "\n");
        n++;
        if (n < records && i % 4 == 0) {
          w.write("h" + i + " IN AAAA 2001:db8:" + Integer.toHexString(i >> 16) + ":" + Integer.toHexString(i & 0xFFFF)
              + "::1\n");
          n++;
        }
        if (n < records && i % 10 == 0) {
          w.write("h" + i + " IN TXT \"v=spf1 ip4:10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + ".0/24 -all\"\n");
          n++;
        }
      }
    }
  }

  @Test
  void aBigZoneLoadsAndAnswersAndAReloadThatCannotFitIsRefusedWhileTheOldVersionServes() throws Exception {
    Path file = dir.resolve("big.test.zone");
    writeZone(file, 1, RECORDS);
    AtomicLong heapLeft = new AtomicLong(Long.MAX_VALUE);
    ZoneRepository repo = new ZoneRepository(dir, Clock.systemUTC(), needed -> heapLeft.get());
    assertThat(repo.reload().ok()).isTrue();
    try (TestDns.Running dns = new TestDns.Running(TestDns.config(), repo.current())) {
      repo.addListener(dns.zones::set);
      assertThat(address(dns, "h80001.big.test.", Type.A)).isEqualTo("10.1.56.129");
      assertThat(address(dns, "h4000.big.test.", Type.AAAA)).isEqualTo("2001:db8:0:fa0:0:0:0:1");
      assertThat(Rcode.string(TestDns.udp(dns.address(), TestDns.query("h9999999.big.test.", Type.A)).getRcode()))
          .isEqualTo("NXDOMAIN");

      // a new version with more names, while the heap has 1 MiB left: refused before parsing, the old one serves
      writeZone(file, 2, RECORDS + 10_000);
      heapLeft.set(1 << 20);
      ReloadResult refused = repo.reload();
      assertThat(refused.ok()).isFalse();
      assertThat(refused.errors()).singleElement().asString()
          .startsWith(file + ":1: not loaded: parsing it needs about")
          .contains("MiB of heap").contains("raise the heap");
      assertThat(refused.files().get(0).origin()).hasToString("big.test.");
      assertThat(repo.refusedForMemory()).isEqualTo(1);
      assertThat(serial(dns)).isEqualTo(1);
      assertThat(address(dns, "h80001.big.test.", Type.A)).isEqualTo("10.1.56.129");
      assertThat(TestDns.udp(dns.address(), TestDns.query("h90000.big.test.", Type.A)).getRcode())
          .isEqualTo(Rcode.NXDOMAIN);

      // with room again the same file loads
      heapLeft.set(Long.MAX_VALUE);
      assertThat(repo.reload().ok()).isTrue();
      assertThat(serial(dns)).isEqualTo(2);
      assertThat(address(dns, "h90000.big.test.", Type.A)).isEqualTo("10.1.95.144");
      // and an unchanged file is recognised without parsing it again, even with no heap to spare
      heapLeft.set(0);
      ReloadResult again = repo.reload();
      assertThat(again.ok()).isTrue();
      assertThat(again.files().get(0).status()).isEqualTo(ReloadResult.Status.UNCHANGED);
    }
  }

  @Test
  void theJvmBudgetEstimatesTenBytesOfHeapPerByteOfZoneFile() throws Exception {
    Path file = dir.resolve("small.test.zone");
    writeZone(file, 1, 100);
    assertThat(HeapBudget.estimate(file)).isEqualTo(10 * Files.size(file));
    assertThat(HeapBudget.JVM.available(HeapBudget.estimate(file))).isGreaterThan(HeapBudget.estimate(file));
  }

  private static String address(TestDns.Running dns, String name, int type) {
    Message r = TestDns.udp(dns.address(), TestDns.query(name, type));
    assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
    Record first = r.getSection(Section.ANSWER).get(0);
    return first.rdataToString();
  }

  private static long serial(TestDns.Running dns) {
    Message r = TestDns.udp(dns.address(), TestDns.query("big.test.", Type.SOA));
    return ((SOARecord) r.getSection(Section.ANSWER).get(0)).getSerial();
  }
}
