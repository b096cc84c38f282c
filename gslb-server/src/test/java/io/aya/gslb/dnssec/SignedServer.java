package io.aya.gslb.dnssec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.gslb.dns.ChaosIdentity;
import io.aya.gslb.dns.DnsConfig;
import io.aya.gslb.dns.DnsServer;
import io.aya.gslb.geo.GeoLocators;
import io.aya.gslb.health.HealthViewSource;
import io.aya.gslb.health.TestClock;
import io.aya.gslb.policy.PolicyEngine;
import io.aya.gslb.zone.ReloadResult;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Test support: a signed {@code example.com} served for real on a loopback port 0: zone file, {@link
 * DnssecService} (keys generated into a state directory, clock moved by the test), policy engine with a network
 * map (10/8 is near us-east, 172.16/12 eu-west, 192.168/16 ap-southeast) and a {@link DnsServer}; queried with a
 * dnsjava {@link SimpleResolver}.
 */
final class SignedServer implements AutoCloseable {
  static final String ZONE =
      """
      $ORIGIN example.com.
      $TTL 300
      $DNSSEC algorithm=13
      @        3600 IN SOA ns1 hostmaster 1 7200 900 1209600 60
      @        3600 IN NS  ns1
      ns1           IN A   192.0.2.53
      @             IN MX  10 mail
      mail          IN A   192.0.2.25
      txt           IN TXT "hello"
      *.wild        IN TXT "wildcard"
      docs          IN CNAME www
      a.b.c         IN A   192.0.2.99
      secure        IN NS  ns.secure
      ns.secure     IN A   192.0.2.54
      secure        IN DS  12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
      insecure      IN NS  ns.insecure.example.net.
      $REGION us-east      39.04  -77.49
      $REGION eu-west      53.35   -6.26
      $REGION ap-southeast  1.35  103.82
      www  30 IN GSLB us-east      192.0.2.10 2001:db8::10
      www  30 IN GSLB eu-west      198.51.100.10
      www  30 IN GSLB ap-southeast 203.0.113.10
      $POLICY www geo answers=1
      big           IN TXT "0123456789012345678901234567890123456789012345678901234567890123456789-1"
      big           IN TXT "0123456789012345678901234567890123456789012345678901234567890123456789-2"
      big           IN TXT "0123456789012345678901234567890123456789012345678901234567890123456789-3"
      big           IN TXT "0123456789012345678901234567890123456789012345678901234567890123456789-4"
      big           IN TXT "0123456789012345678901234567890123456789012345678901234567890123456789-5"
      big           IN TXT "0123456789012345678901234567890123456789012345678901234567890123456789-6"
      many 30 IN GSLB us-east 2001:db8::1 2001:db8::2 2001:db8::3 2001:db8::4 2001:db8::5 2001:db8::6 2001:db8::7 2001:db8::8 2001:db8::9 2001:db8::a 2001:db8::b 2001:db8::c 2001:db8::d 2001:db8::e 2001:db8::f 2001:db8::10 2001:db8::11 2001:db8::12 2001:db8::13 2001:db8::14 2001:db8::15 2001:db8::16 2001:db8::17 2001:db8::18 2001:db8::19 2001:db8::1a
      $POLICY many geo answers=26
      svc           IN HTTPS 1 www alpn=h2
      svcmany       IN HTTPS 1 many
      """;

  static final String NETWORKS =
      """
      10.0.0.0/8       region=us-east       lat=39.04 lon=-77.49  country=US
      127.0.0.0/8      region=us-east       lat=39.04 lon=-77.49  country=US
      172.16.0.0/12    region=eu-west       lat=53.35 lon=-6.26   country=IE
      192.168.0.0/16   region=ap-southeast  lat=1.35  lon=103.82  country=SG
      """;

  final Path dir;
  final TestClock clock = TestClock.startingNow();
  final ZoneRepository zones;
  final DnssecService dnssec;
  final PolicyEngine engine;
  private final DnsServer server;

  private SignedServer(Path dir, String zone, Path stateDir) throws IOException {
    this.dir = dir;
    Path zonesDir = Files.createDirectories(dir.resolve("zones"));
    Files.writeString(zonesDir.resolve("example.com.zone"), zone);
    Path networks = dir.resolve("networks.txt");
    Files.writeString(networks, NETWORKS);
    zones = new ZoneRepository(zonesDir);
    dnssec = new DnssecService(stateDir, clock, false);
    dnssec.start(zones, Duration.ofHours(1));
    ReloadResult r = zones.reload();
    assertTrue(r.ok(), () -> "zone errors: " + r.errors());
    engine = new PolicyEngine(GeoLocators.create(null, networks), HealthViewSource.ALL_UP);
    engine.prepare(zones.current());
    zones.addListener(engine::prepare);
    server = DnsServer.start(
        DnsConfig.defaults(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).withEventLoops(1)
            .withUdpSockets(1),
        zones, null, engine, new SimpleMeterRegistry(), ChaosIdentity.NONE, dnssec);
  }

  static SignedServer start(Path dir) throws IOException {
    return start(dir, ZONE);
  }

  static SignedServer start(Path dir, String zone) throws IOException {
    return new SignedServer(dir, zone, dir.resolve("state"));
  }

  InetSocketAddress address() {
    return server.localAddress();
  }

  Zone zone() {
    return zones.current().zone(Name.fromConstantString("example.com."));
  }

  SignedZone signed() {
    return dnssec.signed(zone());
  }

  /** A query with DO set (or not), optionally with ECS {@code client/24}. */
  Message query(String name, int type, boolean dnssecOk, String ecsClient) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
    List<EDNSOption> options = new ArrayList<>();
    if (ecsClient != null) {
      options.add(new ClientSubnetOption(24, org.xbill.DNS.Address.truncate(InetAddress.getByName(ecsClient), 24)));
    }
    q.addRecord(new OPTRecord(1232, 0, 0, dnssecOk ? ExtendedFlags.DO : 0, options), Section.ADDITIONAL);
    SimpleResolver r = new SimpleResolver(address());
    r.setTimeout(Duration.ofSeconds(3));
    return r.send(q);
  }

  /** A DO=1 query with a 512-byte EDNS payload, over UDP (TC answers kept as they are) or TCP. */
  Message small(String name, int type, boolean tcp) throws IOException {
    return sized(name, type, 512, tcp);
  }

  /** A DO=1 query with an EDNS payload of {@code payload} bytes, over UDP (TC answers kept as they are) or TCP. */
  Message sized(String name, int type, int payload, boolean tcp) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
    q.addRecord(new OPTRecord(payload, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
    SimpleResolver r = new SimpleResolver(address());
    r.setTimeout(Duration.ofSeconds(3));
    r.setIgnoreTruncation(true);
    r.setTCP(tcp);
    return r.send(q);
  }

  Message query(String name, int type) throws IOException {
    return query(name, type, true, null);
  }

  /** The zone's DNSKEY RRset as served. */
  List<DNSKEYRecord> dnskeys() throws IOException {
    List<DNSKEYRecord> out = new ArrayList<>();
    for (Record r : query("example.com.", Type.DNSKEY).getSection(Section.ANSWER)) {
      if (r instanceof DNSKEYRecord) {
        out.add((DNSKEYRecord) r);
      }
    }
    return out;
  }

  /**
   * Checks that every RRset of {@code section} but the RRSIGs is covered by an RRSIG that one of {@code keys}
   * verifies at the clock's time; returns how many RRsets were verified.
   */
  int verify(Message m, int section, List<DNSKEYRecord> keys) throws DNSSEC.DNSSECException {
    int verified = 0;
    for (RRset set : m.getSectionRRsets(section)) {
      if (set.getType() == Type.RRSIG || set.getType() == Type.OPT) {
        continue;
      }
      if (set.getType() == Type.NS && !set.getName().equals(Name.fromConstantString("example.com."))) {
        continue;
      }
      List<RRSIGRecord> sigs = set.sigs();
      assertTrue(!sigs.isEmpty(), () -> "no RRSIG over " + set.getName() + "/" + Type.string(set.getType()));
      for (RRSIGRecord sig : sigs) {
        DNSKEYRecord key = null;
        for (DNSKEYRecord k : keys) {
          if (k.getFootprint() == sig.getFootprint()) {
            key = k;
          }
        }
        assertTrue(key != null, () -> "no DNSKEY with tag " + sig.getFootprint());
        DNSSEC.verify(set, sig, key, clock.instant());
        verified++;
      }
    }
    return verified;
  }

  @Override
  public void close() {
    server.close();
    dnssec.close();
  }
}
