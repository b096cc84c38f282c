package io.aya.gslb.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * After a big zone set is published the heap it took is collected, off the reloading thread, once at a time; small
 * sets are left alone.
 */
class HeapReleaseTest {
  private final AtomicInteger collections = new AtomicInteger();
  private final List<Runnable> handedOff = new ArrayList<>();

  @Test
  void aPublishedBigZoneSetIsCollectedOnceOffTheReloadingThread() throws Exception {
    HeapRelease release = new HeapRelease(collections::incrementAndGet, handedOff::add);
    ZoneSet big = set(HeapRelease.MIN_NAMES);

    release.accept(big);
    assertThat(collections).hasValue(0); // not on the publishing thread
    assertThat(handedOff).hasSize(1);
    release.accept(big); // published again while the first request has not run: nothing more
    assertThat(handedOff).hasSize(1);

    handedOff.remove(0).run();
    assertThat(collections).hasValue(1);
    release.accept(big);
    assertThat(handedOff).hasSize(1);
  }

  @Test
  void smallZoneSetsAreLeftAlone() throws Exception {
    new HeapRelease(collections::incrementAndGet, handedOff::add).accept(set(HeapRelease.MIN_NAMES - 10));
    assertThat(handedOff).isEmpty();
    assertThat(collections).hasValue(0);
  }

  /** One zone of about {@code names} names (an A record each, plus the apex). */
  private static ZoneSet set(int names) throws Exception {
    Name origin = Name.fromString("big.test.");
    Zone.Builder b = Zone.builder(origin).record(new SOARecord(origin, DClass.IN, 300, Name.fromString("ns1.big.test."),
        Name.fromString("hostmaster.big.test."), 1, 7200, 900, 1209600, 300));
    InetAddress a = InetAddress.getByName("192.0.2.1");
    for (int i = 1; i < names; i++) {
      b.record(new ARecord(Name.fromString("h" + i, origin), DClass.IN, 300, a));
    }
    return ZoneSet.of(List.of(b.build()));
  }
}
