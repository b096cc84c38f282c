package io.aya.gslb.dns;

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
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The answer path without the sockets: bytes of a query in, bytes of the response out, through the same
 * {@link QueryProcessor} that the UDP and TCP handlers call (validation, zone lookup or balanced resolution
 * with geo lookup and the policy chain, EDNS/ECS, encoding). What {@code bench/dns.sh} measures end to end,
 * minus the kernel.
 *
 * <ul>
 *   <li>{@code staticA}: a static A record, no EDNS (the rendered response is patched per query);
 *   <li>{@code balancedEcsOneNetwork}: the balanced name with one ECS /24 on every query (geo cache hit);
 *   <li>{@code balancedEcsManyNetworks}: 4,096 different ECS /24s in turn; with {@code geoCache=off} every
 *       query goes to the MaxMind reader, with {@code on} the locator's cache holds them all;
 *   <li>{@code nxdomain}: a name that does not exist (negative answer with the SOA).
 * </ul>
 *
 * <p>Run from the repository root (it reads {@code geo-data/sample-city.mmdb}):
 * <pre>./mvnw -q -pl bench/jmh -am package -DskipTests &amp;&amp; java -jar bench/jmh/target/benchmarks.jar</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms512m", "-Xmx512m"})
public class AnswerPathBenchmark {
  private static final int NETWORKS = 4096;

  @Param({"on", "off"})
  public String geoCache;

  private Path dir;
  private QueryProcessor processor;
  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private final InetAddress peer = InetAddress.getLoopbackAddress();
  private ByteBuf staticQuery;
  private ByteBuf nxQuery;
  private ByteBuf ecsQuery;
  private ByteBuf[] manyEcsQueries;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("aya-jmh");
    Files.writeString(dir.resolve("example.com.zone"), String.join("\n",
        "$ORIGIN example.com.",
        "$TTL 300",
        "@ IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ IN NS ns1",
        "ns1 IN A 192.0.2.53",
        "static IN A 192.0.2.1",
        "$REGION us-east 39.04 -77.49",
        "$REGION eu-west 53.35 -6.26",
        "$REGION ap-northeast 35.68 139.69",
        "www 30 IN GSLB us-east 192.0.2.10",
        "www 30 IN GSLB eu-west 198.51.100.10",
        "www 30 IN GSLB ap-northeast 203.0.113.10",
        "$POLICY www geo answers=1",
        ""));
    ZoneRepository zones = new ZoneRepository(dir);
    ReloadResult loaded = zones.reload();
    if (!loaded.ok()) {
      throw new IllegalStateException("zone: " + loaded.errors());
    }
    ReloadableGeoLocator geo =
        GeoLocators.create(geoDatabase(), null, "on".equals(geoCache) ? 1 << 16 : 1);
    PolicyEngine engine = new PolicyEngine(geo, HealthViewSource.ALL_UP);
    engine.prepare(zones.current());
    processor = new QueryProcessor(
        zones, engine, new DnsMetrics(new SimpleMeterRegistry()), DnsConfig.DEFAULT_ADVERTISED_PAYLOAD);

    staticQuery = query("static.example.com.", null);
    nxQuery = query("nothing-here.example.com.", null);
    ecsQuery = query("www.example.com.", new byte[] {(byte) 175, 16, (byte) 199, 0});
    manyEcsQueries = new ByteBuf[NETWORKS];
    for (int i = 0; i < NETWORKS; i++) {
      // spread over the whole IPv4 space, so some fall in the database and most do not
      int a = 1 + (i * 61) % 223;
      manyEcsQueries[i] = query("www.example.com.", new byte[] {(byte) a, (byte) (i >>> 4), (byte) (i * 17), 0});
    }
    // the rendered responses are cached per thread: make sure this thread's caches are warm and the path works
    for (ByteBuf q : List.of(staticQuery, nxQuery, ecsQuery)) {
      ByteBuf r = processor.process(q, peer, false, alloc);
      if (r == null || (r.getByte(3) & 0xF) == 2) {
        throw new IllegalStateException("no answer or SERVFAIL for a benchmark query");
      }
      r.release();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static Path geoDatabase() {
    for (String candidate : List.of("geo-data/sample-city.mmdb", "../../geo-data/sample-city.mmdb")) {
      Path p = Path.of(System.getProperty("aya.home", "."), candidate);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IllegalStateException("geo-data/sample-city.mmdb not found: run from the repository root");
  }

  private static ByteBuf query(String name, byte[] ecsNetwork) throws IOException {
    Message m = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    if (ecsNetwork != null) {
      m.addRecord(
          new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, InetAddress.getByAddress(ecsNetwork)))),
          org.xbill.DNS.Section.ADDITIONAL);
    }
    return Unpooled.wrappedBuffer(m.toWire());
  }

  private void answer(ByteBuf q, Blackhole bh) {
    ByteBuf r = processor.process(q, peer, false, alloc);
    bh.consume(r.getByte(r.writerIndex() - 1));
    r.release();
  }

  @Benchmark
  public void staticA(Blackhole bh) {
    answer(staticQuery, bh);
  }

  @Benchmark
  public void nxdomain(Blackhole bh) {
    answer(nxQuery, bh);
  }

  @Benchmark
  public void balancedEcsOneNetwork(Blackhole bh) {
    answer(ecsQuery, bh);
  }

  @Benchmark
  public void balancedEcsManyNetworks(Blackhole bh) {
    answer(manyEcsQueries[next++ & (NETWORKS - 1)], bh);
  }
}
