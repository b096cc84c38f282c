package io.aya.gslb.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.gslb.dns.DnsConfig;
import io.aya.gslb.dns.DnsServer;
import io.aya.gslb.geo.GeoLocator;
import io.aya.gslb.zone.ReloadResult;
import io.aya.gslb.zone.ZoneRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/**
 * The whole answer path for the policy tests: a zone file parsed by a {@link ZoneRepository}, a
 * {@link PolicyEngine} over a given locator and a hand-set {@link TestHealthView}, and a {@link DnsServer} on
 * a loopback port 0, queried over real UDP with a dnsjava {@link SimpleResolver}, with or without an EDNS
 * Client Subnet option (RFC 7871).
 */
final class PolicyDns implements AutoCloseable {
  /** Head of every test zone: SOA, NS, the three standard regions and the {@code web} check. */
  static final String HEAD =
      """
      $ORIGIN example.com.
      @    3600 IN SOA ns1 hostmaster 1 7200 900 1209600 60
      @    3600 IN NS  ns1
      ns1  3600 IN A   192.0.2.53
      $REGION us-east      39.04  -77.49  capacity=10000
      $REGION eu-west      53.35   -6.26  capacity=6000
      $REGION ap-southeast  1.35  103.82  capacity=4000
      $CHECK web http port=80 path=/healthz
      """;

  /** Queries in flight at once in {@link #queryAll}: few enough for the default socket buffers. */
  static final int WINDOW = 64;

  final TestHealthView health = new TestHealthView();
  final ZoneRepository zones;
  final PolicyEngine engine;
  private final DnsServer server;
  private final SimpleResolver resolver;

  private PolicyDns(ZoneRepository zones, GeoLocator geo) {
    this.zones = zones;
    this.engine = new PolicyEngine(geo, health);
    engine.prepare(zones.current());
    zones.addListener(engine::prepare);
    this.server =
        DnsServer.start(
            DnsConfig.defaults(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withEventLoops(1)
                .withUdpSockets(1),
            zones,
            engine,
            new SimpleMeterRegistry());
    this.resolver = new SimpleResolver(server.localAddress());
    resolver.setTimeout(Duration.ofSeconds(3));
  }

  /** Writes {@code example.com.zone} ({@link #HEAD} plus {@code body}) to {@code dir} and serves it. */
  static PolicyDns start(Path dir, GeoLocator geo, String body) {
    try {
      Files.writeString(dir.resolve("example.com.zone"), HEAD + body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ZoneRepository zones = new ZoneRepository(dir);
    ReloadResult result = zones.reload();
    assertTrue(result.ok(), () -> "zone errors: " + result.errors());
    return new PolicyDns(zones, geo);
  }

  /** Where the server listens (UDP and TCP). */
  InetSocketAddress address() {
    return server.localAddress();
  }

  /** The reply to a query from the loopback resolver address, without ECS. */
  Message query(String name, int type) {
    return send(Message.newQuery(Record.newRecord(absolute(name), type, DClass.IN)));
  }

  /**
   * The reply to a query carrying ECS {@code client/sourcePrefix} (family 1 or 2 by the address; the address
   * is sent masked to the prefix, as RFC 7871 §6 requires).
   */
  Message query(String name, int type, String client, int sourcePrefix) {
    return send(ecsQuery(name, type, client, sourcePrefix));
  }

  /**
   * The replies to one ECS query per client, in client order: sent over one UDP socket with up to
   * {@value #WINDOW} queries outstanding (a resolver's pace, without a round trip per query), each matched
   * by its ID; a query whose reply does not come within 1 s is sent again, up to 3 times in all.
   */
  List<Message> queryAll(String name, int type, List<String> clients, int sourcePrefix) {
    int n = clients.size();
    if (n > 65536) {
      throw new IllegalArgumentException("clients: " + n + " (expected: 0..65536, one message ID each)");
    }
    byte[][] wire = new byte[n][];
    for (int i = 0; i < n; i++) {
      Message q = ecsQuery(name, type, clients.get(i), sourcePrefix);
      q.getHeader().setID(i);
      wire[i] = q.toWire();
    }
    Message[] replies = new Message[n];
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      socket.connect(server.localAddress());
      socket.setSoTimeout(1000);
      byte[] buf = new byte[65535];
      DatagramPacket in = new DatagramPacket(buf, buf.length);
      for (int attempt = 0; attempt < 3; attempt++) {
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (replies[i] == null) {
            pending.add(i);
          }
        }
        int sent = 0;
        int received = 0;
        while (received < pending.size()) {
          while (sent < pending.size() && sent - received < WINDOW) {
            byte[] q = wire[pending.get(sent++)];
            socket.send(new DatagramPacket(q, q.length));
          }
          try {
            socket.receive(in);
          } catch (SocketTimeoutException e) {
            break; // lost datagrams: send the rest again
          }
          Message reply = new Message(Arrays.copyOf(buf, in.getLength()));
          int id = reply.getHeader().getID();
          if (id < n && replies[id] == null) {
            replies[id] = reply;
            received++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int i = 0; i < n; i++) {
      assertNotNull(replies[i], "no reply for " + clients.get(i));
    }
    return Arrays.asList(replies);
  }

  private static Message ecsQuery(String name, int type, String client, int sourcePrefix) {
    Message q = Message.newQuery(Record.newRecord(absolute(name), type, DClass.IN));
    InetAddress masked = Address.truncate(Fixtures.ip(client), sourcePrefix);
    ClientSubnetOption ecs = new ClientSubnetOption(sourcePrefix, masked);
    q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(ecs)), Section.ADDITIONAL);
    return q;
  }

  /** The answered addresses of a NOERROR reply, in answer order (IPv6 in RFC 5952 form: {@code 2001:db8::1}). */
  static List<String> addresses(Message reply) {
    assertEquals(Rcode.NOERROR, reply.getRcode(), () -> "rcode of " + reply);
    List<String> out = new ArrayList<>();
    for (Record r : reply.getSection(Section.ANSWER)) {
      if (r instanceof ARecord a) {
        out.add(NetUtil.toAddressString(a.getAddress()));
      } else if (r instanceof AAAARecord a) {
        out.add(NetUtil.toAddressString(a.getAddress()));
      } else {
        throw new AssertionError("unexpected answer record " + r);
      }
    }
    return out;
  }

  /** The ECS scope prefix of the reply (the query must have carried ECS). */
  static int scope(Message reply) {
    OPTRecord opt = reply.getOPT();
    assertNotNull(opt, "reply has no OPT record");
    List<EDNSOption> ecs = opt.getOptions(EDNSOption.Code.CLIENT_SUBNET);
    assertEquals(1, ecs.size(), () -> "ECS options in " + reply);
    return ((ClientSubnetOption) ecs.get(0)).getScopePrefixLength();
  }

  private Message send(Message query) {
    try {
      return resolver.send(query);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Name absolute(String name) {
    return Fixtures.name(name.endsWith(".") ? name : name + ".example.com.");
  }

  @Override
  public void close() {
    server.close();
  }
}
