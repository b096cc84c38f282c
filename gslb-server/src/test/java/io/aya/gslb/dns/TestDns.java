package io.aya.gslb.dns;

import io.aya.gslb.policy.BalancedAnswer;
import io.aya.gslb.policy.BalancedResolver;
import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.PolicySpec;
import io.aya.gslb.zone.Pool;
import io.aya.gslb.zone.PoolMember;
import io.aya.gslb.zone.Region;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import io.aya.gslb.zone.ZoneSetSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Test support: a zone with every construct the engine handles, a server on port 0, raw UDP/TCP clients. */
final class TestDns {
  private TestDns() {}

  static Name name(String s) {
    return Name.fromConstantString(s);
  }

  static Record rr(String text) {
    try {
      String[] parts = text.split("\\s+", 2);
      return Record.fromString(
          name(parts[0]), typeOf(parts[1]), DClass.IN, ttlOf(parts[1]), rdataOf(parts[1]), Name.root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // "<ttl> <TYPE> <rdata>"
  private static int typeOf(String rest) {
    return Type.value(rest.split("\\s+", 3)[1]);
  }

  private static long ttlOf(String rest) {
    return Long.parseLong(rest.split("\\s+", 3)[0]);
  }

  private static String rdataOf(String rest) {
    return rest.split("\\s+", 3)[2];
  }

  /** The records of example.com. used by most tests (SOA TTL 600, MINIMUM 300: negative TTL 300). */
  static final String[] EXAMPLE = {
    "example.com. 600 SOA ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 300",
    "example.com. 3600 NS ns1.example.com.",
    "example.com. 3600 NS ns2.example.com.",
    "example.com. 3600 TXT \"apex\"",
    "ns1.example.com. 3600 A 192.0.2.53",
    "ns2.example.com. 3600 AAAA 2001:db8::53",
    "www.example.com. 300 A 192.0.2.1",
    "www.example.com. 300 AAAA 2001:db8::1",
    "alias.example.com. 300 CNAME www.example.com.",
    "chain1.example.com. 300 CNAME chain2.example.com.",
    "chain2.example.com. 300 CNAME www.example.com.",
    "loop1.example.com. 300 CNAME loop2.example.com.",
    "loop2.example.com. 300 CNAME loop1.example.com.",
    "dangling.example.com. 300 CNAME nothere.example.com.",
    "ext.example.com. 300 CNAME www.example.net.",
    "a.b.c.example.com. 300 TXT \"deep\"",
    "*.wild.example.com. 300 TXT \"wild\"",
    "*.wild.example.com. 300 A 192.0.2.99",
    "host.wild.example.com. 300 TXT \"host\"",
    "x.y.wild.example.com. 300 A 192.0.2.98",
    "*.cn.example.com. 300 CNAME www.example.com.",
    "mail.example.com. 300 MX 10 mx1.example.com.",
    "mail.example.com. 300 MX 20 mx.example.net.",
    "mx1.example.com. 300 A 192.0.2.25",
    "mx1.example.com. 300 AAAA 2001:db8::25",
    "_sip._tcp.example.com. 300 SRV 0 5 5060 sip.example.com.",
    "sip.example.com. 300 A 192.0.2.60",
    "sub.example.com. 3600 NS ns.sub.example.com.",
    "sub.example.com. 3600 NS ns.other.net.",
    "sub.example.com. 3600 DS 12345 8 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE5B7A2E0D3E9C8A9B2C3D4E5F",
    "ns.sub.example.com. 3600 A 192.0.2.77",
    "nods.example.com. 3600 NS ns.other.net.",
  };

  static Zone exampleZone(int bigTxtRecords) {
    Zone.Builder b = Zone.builder(name("example.com."));
    for (String s : EXAMPLE) {
      b.record(rr(s));
    }
    for (int i = 0; i < 10; i++) {
      b.record(rr("many.example.com. 3600 NS ns" + i + ".many.example.com."));
      b.record(rr("ns" + i + ".many.example.com. 3600 A 192.0.2." + (100 + i)));
      b.record(rr("ns" + i + ".many.example.com. 3600 AAAA 2001:db8::" + (100 + i)));
    }
    for (int i = 0; i < 15; i++) {
      b.record(rr("c" + i + ".example.com. 300 CNAME " + (i < 14 ? "c" + (i + 1) : "www") + ".example.com."));
    }
    for (int i = 0; i < 5; i++) {
      b.record(rr("mid.example.com. 300 TXT \"mid " + i + " " + "y".repeat(60) + "\""));
    }
    for (int i = 0; i < bigTxtRecords; i++) {
      b.record(rr("big.example.com. 300 TXT \"record " + i + " " + "x".repeat(50) + "\""));
    }
    Region east = new Region("us-east", 39.04, -77.49, 0);
    try {
      b.balanced(
          new BalancedName(
              name("lb.example.com."),
              List.of(
                  new Pool(
                      east,
                      List.of(
                          new PoolMember(InetAddress.getByName("192.0.2.10"), 1),
                          new PoolMember(InetAddress.getByName("2001:db8::10"), 1)),
                      null,
                      1)),
              PolicySpec.DEFAULT));
      b.balanced(
          new BalancedName(
              name("wide.example.com."),
              List.of(new Pool(east, List.of(new PoolMember(InetAddress.getByName("192.0.2.12"), 1)), null, 1)),
              PolicySpec.DEFAULT));
      b.balanced(
          new BalancedName(
              name("empty.example.com."),
              List.of(new Pool(east, List.of(new PoolMember(InetAddress.getByName("192.0.2.11"), 1)), null, 1)),
              PolicySpec.DEFAULT));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.build();
  }

  /**
   * Balanced resolver for the engine's own tests: {@code lb} answers 192.0.2.10 / 2001:db8::10 with scope 24
   * (56 for IPv6); {@code wide} answers 40 A records (too many for 512 bytes); {@code empty} answers nothing.
   * Remembers the last client it saw and counts calls.
   */
  static final class FixedResolver implements BalancedResolver {
    final AtomicReference<InetAddress> lastClient = new AtomicReference<>();
    volatile int lastPrefix = -1;
    final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public BalancedAnswer resolve(BalancedName bn, int qtype, InetAddress client, int sourcePrefix) {
      lastClient.set(client);
      lastPrefix = sourcePrefix;
      calls.incrementAndGet();
      if (bn.name().equals(name("empty.example.com."))) {
        return new BalancedAnswer(List.of(), 24);
      }
      try {
        if (bn.name().equals(name("wide.example.com."))) {
          List<Record> many = new ArrayList<>();
          for (int i = 0; i < 40; i++) {
            many.add(new ARecord(bn.name(), DClass.IN, 30, InetAddress.getByName("198.51.100." + i)));
          }
          return new BalancedAnswer(many, 16);
        }
        Record r =
            qtype == Type.A
                ? new ARecord(bn.name(), DClass.IN, 30, InetAddress.getByName("192.0.2.10"))
                : new AAAARecord(bn.name(), DClass.IN, 30, InetAddress.getByName("2001:db8::10"));
        return new BalancedAnswer(List.of(r), qtype == Type.A ? 24 : 56);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A running server over a fixed zone set. */
  static final class Running implements AutoCloseable {
    final DnsServer server;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final FixedResolver resolver = new FixedResolver();
    final AtomicReference<ZoneSet> zones;

    Running(DnsConfig config, ZoneSet zoneSet) {
      this.zones = new AtomicReference<>(zoneSet);
      ZoneSetSource source = zones::get;
      this.server = DnsServer.start(config, source, resolver, meters);
    }

    InetSocketAddress address() {
      return server.localAddress();
    }

    @Override
    public void close() {
      server.close();
    }
  }

  static DnsConfig config() {
    return DnsConfig.defaults(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .withEventLoops(2)
        .withUdpSockets(2)
        .withTcpIdleTimeout(Duration.ofSeconds(5));
  }

  static Running start() {
    return new Running(config(), ZoneSet.of(List.of(exampleZone(40))));
  }

  static Message query(String qname, int qtype) {
    return Message.newQuery(Record.newRecord(name(qname), qtype, DClass.IN));
  }

  /** Sends one datagram and returns the first reply, failing after 3 s. */
  static byte[] udpRaw(InetSocketAddress server, byte[] query) {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      s.setSoTimeout(3000);
      s.send(new DatagramPacket(query, query.length, server));
      byte[] buf = new byte[65535];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      s.receive(p);
      return Arrays.copyOf(buf, p.getLength());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Message udp(InetSocketAddress server, Message query) {
    return parse(udpRaw(server, query.toWire()));
  }

  /** Sends a datagram that must not be answered, then a valid query; returns the ID of the first reply. */
  static int firstReplyIdAfter(InetSocketAddress server, byte[] unanswered, Message valid) {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      s.setSoTimeout(3000);
      s.send(new DatagramPacket(unanswered, unanswered.length, server));
      byte[] v = valid.toWire();
      s.send(new DatagramPacket(v, v.length, server));
      byte[] buf = new byte[65535];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      s.receive(p);
      return ((buf[0] & 0xFF) << 8) | (buf[1] & 0xFF);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code q} on the open TCP connection {@code s} (RFC 7766 length prefix) and reads its reply. */
  static Message roundTrip(Socket s, Message q) throws IOException {
    byte[] wire = q.toWire();
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    out.writeShort(wire.length);
    out.write(wire);
    out.flush();
    DataInputStream in = new DataInputStream(s.getInputStream());
    byte[] r = new byte[in.readUnsignedShort()];
    in.readFully(r);
    return parse(r);
  }

  static Message tcp(InetSocketAddress server, Message query) {
    return tcpAll(server, List.of(query.toWire())).get(0);
  }

  /** Writes every query on one connection at once (pipelined), then reads as many replies. */
  static List<Message> tcpAll(InetSocketAddress server, List<byte[]> queries) {
    try (Socket s = new Socket(server.getAddress(), server.getPort())) {
      s.setSoTimeout(3000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      for (byte[] q : queries) {
        out.writeShort(q.length);
        out.write(q);
      }
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      List<Message> replies = new ArrayList<>();
      for (int i = 0; i < queries.size(); i++) {
        byte[] r = new byte[in.readUnsignedShort()];
        in.readFully(r);
        replies.add(parse(r));
      }
      return replies;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True when the peer closes the connection (EOF) within the socket timeout. */
  static boolean closedByPeer(Socket s) throws IOException {
    try {
      return s.getInputStream().read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      // a reset is a close too
      return true;
    }
  }

  /**
   * Appends an OPT record to an encoded query without one: {@code payload} in the class, the given version and
   * flags, {@code options} as the raw RDATA.
   */
  static byte[] withOpt(byte[] query, int payload, int version, int flags, byte[] options) {
    byte[] out = Arrays.copyOf(query, query.length + 11 + options.length);
    int p = query.length;
    out[p++] = 0;
    out[p++] = 0;
    out[p++] = 41;
    out[p++] = (byte) (payload >>> 8);
    out[p++] = (byte) payload;
    out[p++] = 0;
    out[p++] = (byte) version;
    out[p++] = (byte) (flags >>> 8);
    out[p++] = (byte) flags;
    out[p++] = (byte) (options.length >>> 8);
    out[p++] = (byte) options.length;
    System.arraycopy(options, 0, out, p, options.length);
    int arcount = ((out[10] & 0xFF) << 8 | (out[11] & 0xFF)) + 1;
    out[10] = (byte) (arcount >>> 8);
    out[11] = (byte) arcount;
    return out;
  }

  /** One raw EDNS option: code, length, data. */
  static byte[] option(int code, int... data) {
    byte[] out = new byte[4 + data.length];
    out[0] = (byte) (code >>> 8);
    out[1] = (byte) code;
    out[2] = (byte) (data.length >>> 8);
    out[3] = (byte) data.length;
    for (int i = 0; i < data.length; i++) {
      out[4 + i] = (byte) data[i];
    }
    return out;
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  static Message parse(byte[] wire) {
    try {
      return new Message(wire);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
