package io.aya.gslb.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.aya.gslb.policy.BalancedAnswer;
import io.aya.gslb.policy.BalancedResolver;
import io.aya.gslb.zone.ZoneSet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * {@code query-log-sample 1} logs every answered query on {@code aya.querylog}, whatever its answer, with the
 * real RCODE, the client in RFC 5952 text, the client subnet, the transport and, for a balanced answer, the
 * region. The server listens on {@code ::1}, so the client is an IPv6 address.
 */
class QueryLogTest {
  private static final InetAddress V6_LOOPBACK = address("::1");

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger("aya.querylog");
  private DnsServer server;

  private static InetAddress address(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** lb.example.com. answers 192.0.2.10 from region us-east; the zone's other names are static. */
  @BeforeEach
  void start() throws Exception {
    logged.start();
    logger.addAppender(logged);
    ARecord lb = new ARecord(TestDns.name("lb.example.com."), DClass.IN, 30, address("192.0.2.10"));
    BalancedResolver resolver = (name, qtype, client, prefix) -> qtype == Type.A
        ? new BalancedAnswer(List.of(lb), 24, List.of(lb.getAddress().getAddress()), "us-east")
        : new BalancedAnswer(List.of(), 0, List.of());
    ZoneSet zones = ZoneSet.of(List.of(TestDns.exampleZone(0)));
    server = DnsServer.start(DnsConfig.defaults(new InetSocketAddress(V6_LOOPBACK, 0)).withEventLoops(1),
        () -> zones, null, resolver, new SimpleMeterRegistry(), ChaosIdentity.NONE, null, new QueryLog(1));
  }

  @AfterEach
  void stop() {
    logger.detachAppender(logged);
    if (server != null) {
      server.close();
    }
  }

  private Message ask(String name, int type, boolean tcp, ClientSubnetOption ecs) throws IOException {
    SimpleResolver r = new SimpleResolver(server.localAddress());
    r.setTimeout(Duration.ofSeconds(3));
    r.setTCP(tcp);
    Message q = TestDns.query(name, type);
    if (ecs != null) {
      q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(ecs)), Section.ADDITIONAL);
    }
    return r.send(q);
  }

  private List<String> lines() {
    return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void everyAnsweredQueryIsLoggedWithItsRcodeAndABalancedOneWithItsRegion() throws Exception {
    assertThat(ask("www.example.com.", Type.A, false, null).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ask("nothere.example.com.", Type.A, false, null).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(ask("www.example.com.", Type.MX, true, null).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ask("www.example.net.", Type.A, false, null).getRcode()).isEqualTo(Rcode.REFUSED);
    ClientSubnetOption ecs = new ClientSubnetOption(24, address("81.2.69.0"));
    assertThat(ask("lb.example.com.", Type.A, true, ecs).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ask("lb.example.com.", Type.AAAA, false, null).getRcode()).isEqualTo(Rcode.NOERROR);

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(lines()).containsExactly(
        "query client=::1 ecs=- transport=udp qname=www.example.com. qtype=A rcode=NOERROR region=-",
        "query client=::1 ecs=- transport=udp qname=nothere.example.com. qtype=A rcode=NXDOMAIN region=-",
        "query client=::1 ecs=- transport=tcp qname=www.example.com. qtype=MX rcode=NOERROR region=-",
        "query client=::1 ecs=- transport=udp qname=www.example.net. qtype=A rcode=REFUSED region=-",
        "query client=::1 ecs=81.2.69.0/24 transport=tcp qname=lb.example.com. qtype=A rcode=NOERROR region=us-east",
        "query client=::1 ecs=- transport=udp qname=lb.example.com. qtype=AAAA rcode=NOERROR region=-"));
  }

  @Test
  void aMalformedQueryIsLoggedAsFormerrWithoutAQuestion() throws Exception {
    // a header that announces two questions and carries none: FORMERR (RFC 1035 §4.1.2 allows one)
    byte[] query = {0x12, 0x34, 0x01, 0x00, 0, 2, 0, 0, 0, 0, 0, 0};
    byte[] reply = new byte[512];
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(V6_LOOPBACK, 0))) {
      s.setSoTimeout(3000);
      s.send(new DatagramPacket(query, query.length, server.localAddress()));
      s.receive(new DatagramPacket(reply, reply.length));
    }
    assertThat(reply[3] & 0xF).isEqualTo(Rcode.FORMERR);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(lines()).containsExactly(
        "query client=::1 ecs=- transport=udp qname=- qtype=- rcode=FORMERR region=-"));
  }

  @Test
  void anEdnsVersionWeDoNotSpeakIsLoggedAsBadversWithItsClientSubnet() throws Exception {
    byte[] ecs = {0, 8, 0, 7, 0, 1, 24, 0, (byte) 203, 0, 113};
    byte[] query = TestDns.withOpt(TestDns.query("www.example.com.", Type.A).toWire(), 1232, 1, 0, ecs);
    byte[] reply = new byte[512];
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(V6_LOOPBACK, 0))) {
      s.setSoTimeout(3000);
      s.send(new DatagramPacket(query, query.length, server.localAddress()));
      s.receive(new DatagramPacket(reply, reply.length));
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(lines()).containsExactly(
        "query client=::1 ecs=203.0.113.0/24 transport=udp qname=www.example.com. qtype=A rcode=BADVERS region=-"));
  }
}
