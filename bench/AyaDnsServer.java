import io.aya.gslb.dns.ChaosIdentity;
import io.aya.gslb.dns.DnsConfig;
import io.aya.gslb.dnssec.DnssecService;
import io.aya.gslb.dns.DnsServer;
import io.aya.gslb.geo.GeoLocators;
import io.aya.gslb.geo.ReloadableGeoLocator;
import io.aya.gslb.health.HealthViewSource;
import io.aya.gslb.policy.PolicyEngine;
import io.aya.gslb.zone.ReloadResult;
import io.aya.gslb.zone.ZoneRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * AYA's answer path alone, for bench/dns.sh while {@code aya serve} is not available: the zone repository,
 * the MMDB locator, the policy engine (every endpoint up: the benchmark's pools have no checks) and the
 * DNS engine, wired as the server wires them, without the admin HTTP server, health monitor and cluster;
 * {@code $DNSSEC} zones are signed as by the server (keys generated into {@code --state-dir}, default a new
 * temporary directory).
 *
 * <pre>java -cp gslb-server/target/aya.jar bench/AyaDnsServer.java --zones DIR --geo FILE.mmdb --dns HOST:PORT
 *     [--state-dir DIR]</pre>
 *
 * Runs until killed.
 */
public final class AyaDnsServer {
  public static void main(String[] args) throws Exception {
    Path zones = null;
    Path geo = null;
    InetSocketAddress dns = null;
    Path state = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--zones" -> zones = Path.of(args[i + 1]);
        case "--geo" -> geo = Path.of(args[i + 1]);
        case "--state-dir" -> state = Path.of(args[i + 1]);
        case "--dns" -> {
          String v = args[i + 1];
          int colon = v.lastIndexOf(':');
          dns = new InetSocketAddress(v.substring(0, colon), Integer.parseInt(v.substring(colon + 1)));
        }
        default -> { } // --admin and other launcher flags: not used by the answer path
      }
    }
    if (zones == null || geo == null || dns == null) {
      System.err.println("usage: AyaDnsServer --zones DIR --geo FILE.mmdb --dns HOST:PORT");
      System.exit(2);
    }
    ZoneRepository repository = new ZoneRepository(zones);
    DnssecService dnssec = new DnssecService(state != null ? state
        : java.nio.file.Files.createTempDirectory("aya-bench-state"), java.time.Clock.systemUTC(), false);
    dnssec.start(repository, java.time.Duration.ofMinutes(1));
    ReloadResult loaded = repository.reload();
    if (!loaded.ok()) {
      System.err.println("zones: " + loaded.errors());
      System.exit(1);
    }
    ReloadableGeoLocator locator = GeoLocators.create(geo, null);
    PolicyEngine engine = new PolicyEngine(locator, HealthViewSource.ALL_UP);
    engine.prepare(repository.current());
    repository.addListener(engine::prepare);
    DnsServer server =
        DnsServer.start(DnsConfig.defaults(dns), repository, null, engine, new SimpleMeterRegistry(),
            ChaosIdentity.NONE, dnssec);
    System.err.println("serving " + repository.current() + " on " + server.localAddress() + " with " + geo);
    new CountDownLatch(1).await();
  }
}
