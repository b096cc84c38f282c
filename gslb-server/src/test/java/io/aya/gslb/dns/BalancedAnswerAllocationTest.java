package io.aya.gslb.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.gslb.geo.GeoLocators;
import io.aya.gslb.geo.ReloadableGeoLocator;
import io.aya.gslb.health.HealthViewSource;
import io.aya.gslb.policy.PolicyEngine;
import io.aya.gslb.zone.ReloadResult;
import io.aya.gslb.zone.ZoneRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The answer path of a balanced name (the sample zone's {@code www} with an ECS option, the sample geo data)
 * stays allocation-light: no strings, no address objects per answered record. Measures the bytes the
 * calling thread allocates per query, so it tracks waste, not speed.
 */
class BalancedAnswerAllocationTest {
  @TempDir Path dir;

  @Test
  void balancedAnswerWithEcsAllocatesNoStringsOrAddressesPerRecord() throws Exception {
    // the query log is off, as by default
    long perQuery = bytesPerQuery(null);
    // What remains is the ECS address (a 4-byte array and an Inet4Address with its holder), the address copies
    // the geo cache and the client hash take, the answer object and the latency timer: about 160 bytes.
    // Rendering the A record through ARecord.getAddress() cost about 470 bytes more: it builds the owner
    // name's string, an InetAddress and two arrays for every record.
    assertTrue(perQuery <= 200, "allocated " + perQuery + " bytes per balanced query");
  }

  @Test
  void withTheQueryLogOnAnUnsampledQueryStaysAsAllocationLight() throws Exception {
    long perQuery = bytesPerQuery(new QueryLog(1_000_000));
    assertTrue(perQuery <= 200, "allocated " + perQuery + " bytes per balanced query with the query log on");
  }

  private long bytesPerQuery(QueryLog queryLog) throws Exception {
    Path repo = Path.of(System.getProperty("user.dir")).getParent();
    Files.copy(repo.resolve("zones/example.com.zone"), dir.resolve("example.com.zone"));
    ZoneRepository zones = new ZoneRepository(dir);
    ReloadResult loaded = zones.reload();
    assertTrue(loaded.ok(), () -> "zone errors: " + loaded.errors());
    ReloadableGeoLocator geo =
        GeoLocators.create(repo.resolve("geo-data/sample-city.mmdb"), repo.resolve("geo-data/networks.txt"));
    PolicyEngine engine = new PolicyEngine(geo, HealthViewSource.ALL_UP);
    // answers are counted per region and outcome as on a node
    engine.observe(new io.aya.gslb.policy.AnswerMeters(
        new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT)));
    engine.prepare(zones.current());
    QueryProcessor processor = new QueryProcessor(zones, null, engine, new DnsMetrics(new SimpleMeterRegistry()), 1232,
        ChaosIdentity.NONE, null, queryLog);

    Message query = Message.newQuery(Record.newRecord(Name.fromString("www.example.com."), Type.A, DClass.IN));
    query.addRecord(
        new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName("81.2.69.0")))),
        Section.ADDITIONAL);
    ByteBuf wire = Unpooled.wrappedBuffer(query.toWire());
    InetAddress peer = InetAddress.getLoopbackAddress();
    ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;

    ByteBuf first = processor.process(wire.duplicate(), peer, false, alloc);
    try {
      byte[] bytes = new byte[first.readableBytes()];
      first.getBytes(first.readerIndex(), bytes);
      Message reply = new Message(bytes);
      assertEquals("198.51.100.10", ((ARecord) reply.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
    } finally {
      first.release();
    }
    // measured on a Netty thread, as on an event loop (pooled buffers and their recycler are per such thread)
    long[] perQuery = new long[1];
    Thread loop =
        new FastThreadLocalThread(
            () -> {
              for (int i = 0; i < 200_000; i++) {
                answer(processor, wire, peer, alloc); // warm up the JIT and the caches
              }
              com.sun.management.ThreadMXBean threads =
                  (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
              long thread = Thread.currentThread().getId();
              int queries = 100_000;
              long before = threads.getThreadAllocatedBytes(thread);
              for (int i = 0; i < queries; i++) {
                answer(processor, wire, peer, alloc);
              }
              perQuery[0] = (threads.getThreadAllocatedBytes(thread) - before) / queries;
            });
    loop.start();
    loop.join();
    return perQuery[0];
  }

  private static void answer(QueryProcessor processor, ByteBuf wire, InetAddress peer, ByteBufAllocator alloc) {
    wire.readerIndex(0);
    processor.process(wire, peer, false, alloc).release();
  }
}
