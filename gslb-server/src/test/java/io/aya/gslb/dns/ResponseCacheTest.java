package io.aya.gslb.dns;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.aya.gslb.zone.ZoneSet;
import io.netty.buffer.Unpooled;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class ResponseCacheTest {
  private static final RenderedResponse ROUTE = new RenderedResponse(new byte[] {1, 2, 3}, 0);

  @Test
  void aRouteIsKeptPerSnapshotAndQuestionWithoutRegardToCase() throws Exception {
    ResponseCache cache = new ResponseCache();
    ZoneSet zones = ZoneSet.of(List.of());
    assertNull(cache.get(zones, query("www.example.com.")));
    cache.put(zones, query("www.example.com."), ROUTE);
    assertSame(ROUTE, cache.get(zones, query("WWW.Example.COM.")));
    assertNull(cache.get(zones, query("other.example.com.")));
    assertNull(cache.get(ZoneSet.of(List.of()), query("www.example.com.")), "a new snapshot starts empty");
    assertEquals(0, cache.size());
  }

  @Test
  void aReplacedSnapshotIsNotKeptAliveByACacheThatAnswersNothingMore() throws Exception {
    ResponseCache cache = new ResponseCache();
    WeakReference<ZoneSet> replaced = usedOnce(cache);
    // the thread that owns the cache gets no further query: only the cache could still hold the old zones
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      System.gc();
      return replaced.get() == null;
    });
    assertEquals(1, cache.size());
  }

  private static WeakReference<ZoneSet> usedOnce(ResponseCache cache) throws Exception {
    ZoneSet zones = ZoneSet.of(List.of());
    cache.get(zones, query("www.example.com."));
    cache.put(zones, query("www.example.com."), ROUTE);
    return new WeakReference<>(zones);
  }

  private static WireQuery query(String name) throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    WireQuery q = new WireQuery();
    assertEquals(DecodeOutcome.OK, q.decode(Unpooled.wrappedBuffer(m.toWire())));
    return q;
  }
}
