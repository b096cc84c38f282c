package io.aya.gslb.dns;

import static io.aya.gslb.dns.TestDns.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.gslb.zone.ZoneSet;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Response rate limiting over real UDP: per client network (/24) and answer, with slip, exemptions, ECS keyed by
 * the resolver, NXDOMAIN floods sharing one allowance, and TCP never limited. Clients send from distinct loopback
 * networks (127.0.N.M); loopback is exempt by default, so these servers have no exemption unless a test says.
 * Every burst of 100 is sent well within two seconds, so at most two one-second windows of 10 are answered.
 */
class ResponseRateLimitTest {
  private static final int RATE = 10;
  private TestDns.Running dns;

  @AfterEach
  void stop() {
    if (dns != null) {
      dns.close();
    }
  }

  private void start(DnsConfig.Rrl rrl) {
    dns = new TestDns.Running(TestDns.config().withRrl(rrl), ZoneSet.of(List.of(TestDns.exampleZone(0))));
  }

  /** What a burst got back. */
  record Outcome(int answered, int truncated, int sent) {
    int dropped() {
      return sent - answered - truncated;
    }
  }

  /** A client: address {@code 127.0.net.host} and the query it sends as its i-th. */
  record Source(int net, int host, IntFunction<byte[]> query) {}

  /** Sends {@code n} queries from {@code 127.0.net.host} back to back, then collects replies until silence. */
  private Outcome burst(int net, int host, int n, IntFunction<byte[]> query) throws IOException {
    return interleaved(n, new Source(net, host, query))[0];
  }

  /** Each source sends its i-th query in turn, {@code n} rounds, then every source collects its replies. */
  private Outcome[] interleaved(int n, Source... sources) throws IOException {
    DatagramSocket[] sockets = new DatagramSocket[sources.length];
    try {
      for (int k = 0; k < sources.length; k++) {
        InetAddress from =
            InetAddress.getByAddress(new byte[] {127, 0, (byte) sources[k].net(), (byte) sources[k].host()});
        sockets[k] = new DatagramSocket(new InetSocketAddress(from, 0));
        sockets[k].setReceiveBufferSize(1 << 20);
      }
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < sources.length; k++) {
          byte[] q = sources[k].query().apply(i);
          sockets[k].send(new DatagramPacket(q, q.length, dns.address()));
        }
      }
      Outcome[] out = new Outcome[sources.length];
      for (int k = 0; k < sources.length; k++) {
        out[k] = collect(sockets[k], n);
      }
      return out;
    } finally {
      for (DatagramSocket s : sockets) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  private static Outcome collect(DatagramSocket s, int sent) throws IOException {
    s.setSoTimeout(400);
    int answered = 0;
    int truncated = 0;
    byte[] buf = new byte[65535];
    while (true) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        s.receive(p);
      } catch (SocketTimeoutException e) {
        return new Outcome(answered, truncated, sent);
      }
      Message r = TestDns.parse(Arrays.copyOf(buf, p.getLength()));
      if (r.getHeader().getFlag(Flags.TC)) {
        assertEquals(0, r.getSection(Section.ANSWER).size(), "a slipped response carries no records");
        assertEquals(1, r.getSection(Section.QUESTION).size(), "but the question, so the resolver can match it");
        truncated++;
      } else {
        answered++;
      }
    }
  }

  private static IntFunction<byte[]> same(String name, int type) {
    return i -> query(name, type).toWire();
  }

  private double rrl(String action) {
    return dns.meters.get("aya.dns.rrl").tag("action", action).counter().count();
  }

  @Test
  void beyondTheRateEverySecondResponseIsTruncatedAndTheOthersAreDropped() throws IOException {
    start(new DnsConfig.Rrl(RATE, 2, List.of()));
    Outcome o = burst(5, 1, 100, same("www.example.com.", Type.A));
    assertTrue(o.answered() >= RATE && o.answered() <= 2 * RATE, "answered " + o);
    int over = 100 - o.answered();
    assertTrue(Math.abs(o.truncated() - over / 2) <= 1, "half of the limited ones slip: " + o);
    assertTrue(o.dropped() >= over / 2 - 1, "the other half is dropped: " + o);
    assertEquals(o.truncated(), rrl("slipped"));
    assertEquals(o.dropped(), rrl("dropped"));
  }

  @Test
  void hostsOfOneSlash24ShareTheAllowanceWhileOtherNetworksAndNamesHaveTheirOwn() throws IOException {
    start(new DnsConfig.Rrl(RATE, 0, List.of()));
    Outcome[] o = interleaved(50,
        new Source(5, 1, same("www.example.com.", Type.A)),
        new Source(5, 2, same("www.example.com.", Type.A)),
        new Source(6, 1, i -> i < 5 ? query("www.example.com.", Type.A).toWire() : query("x.example.com.", Type.TXT).toWire()),
        new Source(5, 3, i -> i < 5 ? query("mail.example.com.", Type.MX).toWire() : query("www.example.com.", Type.A).toWire()));
    assertTrue(o[0].answered() + o[1].answered() <= 2 * RATE, "127.0.5.1 and .2 share one /24 allowance: "
        + o[0] + " " + o[1]);
    assertTrue(o[2].answered() >= 5, "127.0.6.0/24 has its own allowance: " + o[2]);
    assertTrue(o[3].answered() >= 5, "mail/MX is another answer than www/A: " + o[3]);
  }

  @Test
  void ecsQueriesAreLimitedByTheResolversAddressNotTheClientSubnet() throws IOException {
    start(new DnsConfig.Rrl(RATE, 0, List.of()));
    Outcome o = burst(7, 1, 100, i -> {
      Message q = query("lb.example.com.", Type.A);
      try {
        q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(
            new ClientSubnetOption(24, InetAddress.getByAddress(new byte[] {(byte) 198, 51, (byte) i, 0})))),
            Section.ADDITIONAL);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return q.toWire();
    });
    assertTrue(o.answered() <= 2 * RATE, "100 client subnets behind one resolver share its allowance: " + o);
  }

  @Test
  void randomNamesThatDoNotExistShareOneAllowance() throws IOException {
    start(new DnsConfig.Rrl(RATE, 0, List.of()));
    Outcome o = burst(9, 1, 100, i -> query("r" + i + "x.example.com.", Type.A).toWire());
    assertTrue(o.answered() <= 2 * RATE, "NXDOMAIN for 100 names is one answer to limit: " + o);
  }

  @Test
  void exemptNetworksAndRateZeroAreNeverLimited() throws IOException {
    start(new DnsConfig.Rrl(RATE, 2, List.of("127.0.8.0/24", "2001:db8::/32")));
    assertEquals(100, burst(8, 1, 100, same("www.example.com.", Type.A)).answered());
    stop();
    start(new DnsConfig.Rrl(0, 2, List.of()));
    assertEquals(100, burst(5, 1, 100, same("www.example.com.", Type.A)).answered());
  }

  @Test
  void loopbackIsExemptByDefault() throws IOException {
    start(DnsConfig.Rrl.DEFAULTS);
    assertEquals(300, burst(0, 1, 300, same("www.example.com.", Type.A)).answered());
  }

  @Test
  void tcpIsNeverLimitedEvenForALimitedNetwork() throws IOException {
    start(new DnsConfig.Rrl(RATE, 0, List.of()));
    // TestDns.tcpAll connects from 127.0.0.1: exhaust the UDP allowance of 127.0.0.0/24 first
    Outcome udp = burst(0, 1, 100, same("www.example.com.", Type.A));
    assertTrue(udp.answered() <= 2 * RATE, "UDP is limited: " + udp);
    List<byte[]> queries = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      queries.add(query("www.example.com.", Type.A).toWire());
    }
    for (Message r : TestDns.tcpAll(dns.address(), queries)) {
      assertEquals(Rcode.NOERROR, r.getRcode());
      assertEquals(1, r.getSection(Section.ANSWER).size());
    }
  }

  @Test
  void theRateIsAContractOfTheConfig() {
    assertEquals(200, DnsConfig.defaults(new InetSocketAddress(0)).rrl().rate());
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> new DnsConfig.Rrl(-1, 2, List.of()));
    assertEquals("rrl-rate: -1 (expected: 0..1000000, 0 = off)", e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> new DnsConfig.Rrl(5, 2, List.of("10.0.0.0/33")));
    assertEquals("network: 10.0.0.0/33 (expected: prefix 0..32)", e.getMessage());
  }
}
