package io.aya.gslb.dns;

import static io.aya.gslb.dns.TestDns.query;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.gslb.policy.BalancedResolver;
import io.aya.gslb.zone.ZoneSet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Raw bytes that are not a well-formed query: dropped or answered from the header, never crashing anything. */
class MalformedQueryTest {
  static TestDns.Running dns;

  @BeforeAll
  static void start() {
    dns = TestDns.start();
  }

  @AfterAll
  static void stop() {
    dns.close();
  }

  private static final byte[] HEADER = {
    0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0
  };

  private static byte[] packet(int... bytes) {
    byte[] out = Arrays.copyOf(HEADER, HEADER.length + bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      out[HEADER.length + i] = (byte) bytes[i];
    }
    return out;
  }

  private static Message send(byte[] raw) {
    return TestDns.parse(TestDns.udpRaw(dns.address(), raw));
  }

  private static void assertFormerrFromHeader(byte[] raw) {
    Message m = send(raw);
    assertEquals(Rcode.FORMERR, m.getHeader().getRcode());
    assertEquals(0x1234, m.getHeader().getID());
    assertTrue(m.getHeader().getFlag(Flags.QR));
    assertTrue(m.getHeader().getFlag(Flags.RD));
    assertFalse(m.getHeader().getFlag(Flags.AA));
    assertEquals(0, m.getHeader().getCount(Section.QUESTION));
  }

  private static double errors(String reason) {
    return dns.meters.get("aya.dns.errors").tag("reason", reason).counter().count();
  }

  @Test
  void packetShorterThanAHeaderIsNotAnswered() {
    Message valid = query("www.example.com.", Type.A);
    byte[] short5 = {1, 2, 3, 4, 5};
    assertEquals(valid.getHeader().getID(), TestDns.firstReplyIdAfter(dns.address(), short5, valid));
  }

  @Test
  void emptyDatagramIsNotAnswered() {
    Message valid = query("www.example.com.", Type.A);
    assertEquals(valid.getHeader().getID(), TestDns.firstReplyIdAfter(dns.address(), new byte[0], valid));
  }

  @Test
  void responseIsNeverAnswered() {
    byte[] response = query("www.example.com.", Type.A).toWire();
    response[0] = 0x77;
    response[2] |= (byte) 0x80;
    Message valid = query("www.example.com.", Type.A);
    assertEquals(valid.getHeader().getID(), TestDns.firstReplyIdAfter(dns.address(), response, valid));
  }

  @Test
  void twoQuestionsAreFormerr() {
    byte[] raw = packet(3, 'w', 'w', 'w', 0, 0, 1, 0, 1, 3, 'f', 'o', 'o', 0, 0, 1, 0, 1);
    raw[5] = 2;
    assertFormerrFromHeader(raw);
  }

  @Test
  void noQuestionIsFormerr() {
    byte[] raw = HEADER.clone();
    raw[5] = 0;
    assertFormerrFromHeader(raw);
  }

  @Test
  void labelLongerThan63IsFormerr() {
    int[] bytes = new int[1 + 64 + 1 + 4];
    bytes[0] = 64;
    for (int i = 1; i <= 64; i++) {
      bytes[i] = 'a';
    }
    bytes[66] = 0;
    bytes[67] = 1;
    bytes[69] = 1;
    assertFormerrFromHeader(packet(bytes));
  }

  @Test
  void nameLongerThan255IsFormerr() {
    int[] bytes = new int[5 * 64 + 1 + 4];
    for (int l = 0; l < 5; l++) {
      bytes[l * 64] = 63;
      for (int i = 1; i < 64; i++) {
        bytes[l * 64 + i] = 'a';
      }
    }
    bytes[5 * 64 + 2] = 1;
    bytes[5 * 64 + 4] = 1;
    assertFormerrFromHeader(packet(bytes));
  }

  @Test
  void truncatedNameIsFormerr() {
    assertFormerrFromHeader(packet(7, 'e', 'x', 'a'));
  }

  @Test
  void missingTypeAndClassIsFormerr() {
    assertFormerrFromHeader(packet(3, 'w', 'w', 'w', 0, 0, 1));
  }

  @Test
  void compressionPointerToItselfIsFormerr() {
    assertFormerrFromHeader(packet(0xC0, 12, 0, 1, 0, 1));
  }

  @Test
  void compressionLoopIsFormerr() {
    // label "a" then a pointer back to the start of the same name
    assertFormerrFromHeader(packet(1, 'a', 0xC0, 12, 0, 1, 0, 1));
  }

  @Test
  void compressionLoopInAnAdditionalRecordIsFormerr() {
    byte[] q = query("www.example.com.", Type.A).toWire();
    int at = q.length;
    byte[] raw = Arrays.copyOf(q, q.length + 2 + 10);
    raw[at] = (byte) 0xC0;
    raw[at + 1] = (byte) at; // points at itself
    raw[at + 3] = 16;
    raw[11] = 1;
    raw[0] = 0x12;
    raw[1] = 0x34;
    assertFormerrFromHeader(raw);
  }

  @Test
  void forwardCompressionPointerIsFormerr() {
    assertFormerrFromHeader(packet(0xC0, 20, 0, 1, 0, 1, 0, 0, 0));
  }

  @Test
  void trailingJunkIsFormerr() {
    byte[] q = query("www.example.com.", Type.A).toWire();
    byte[] raw = Arrays.copyOf(q, q.length + 3);
    raw[0] = 0x12;
    raw[1] = 0x34;
    assertFormerrFromHeader(raw);
  }

  @Test
  void recordCountsBeyondTheDataAreFormerr() {
    byte[] raw = query("www.example.com.", Type.A).toWire();
    raw[0] = 0x12;
    raw[1] = 0x34;
    raw[7] = 1; // ANCOUNT 1 with nothing after the question
    assertFormerrFromHeader(raw);
  }

  @Test
  void unknownOpcodeIsNotimpWithTheOpcodeCopied() {
    for (int opcode : new int[] {Opcode.IQUERY, Opcode.STATUS, Opcode.NOTIFY, Opcode.UPDATE, 3, 15}) {
      byte[] raw = query("www.example.com.", Type.A).toWire();
      raw[2] = (byte) ((raw[2] & 0x87) | (opcode << 3));
      Message m = send(raw);
      assertEquals(Rcode.NOTIMP, m.getHeader().getRcode(), "opcode " + opcode);
      assertEquals(opcode, m.getHeader().getOpcode());
      assertTrue(m.getHeader().getFlag(Flags.QR));
    }
  }

  /** RFC 6891 §7: a readable query with an OPT gets an OPT back, whatever its opcode. */
  @Test
  void unknownOpcodeOfAReadableQueryIsNotimpWithItsQuestionAndOpt() {
    for (int opcode : new int[] {Opcode.NOTIFY, Opcode.UPDATE, 15}) {
      byte[] raw = TestDns.withOpt(query("Www.Example.com.", Type.SOA).toWire(), 1232, 0, 0, new byte[0]);
      raw[2] = (byte) ((raw[2] & 0x87) | (opcode << 3));
      for (Message m : List.of(send(raw), TestDns.tcpAll(dns.address(), List.of(raw)).get(0))) {
        assertEquals(Rcode.NOTIMP, m.getRcode(), "opcode " + opcode);
        assertEquals(opcode, m.getHeader().getOpcode());
        assertEquals("Www.Example.com.", m.getQuestion().getName().toString());
        assertEquals(Type.SOA, m.getQuestion().getType());
        assertTrue(m.getOPT() != null, "OPT answered, opcode " + opcode);
        assertFalse(m.getHeader().getFlag(Flags.AA));
        assertEquals(0, m.getHeader().getCount(Section.ANSWER) + m.getHeader().getCount(Section.AUTHORITY));
      }
    }
    byte[] noQuestion = Arrays.copyOf(HEADER, HEADER.length);
    noQuestion[2] = (byte) (Opcode.UPDATE << 3);
    noQuestion[5] = 0; // QDCOUNT (ZOCOUNT for UPDATE) 0
    Message m = send(noQuestion);
    assertEquals(Rcode.NOTIMP, m.getHeader().getRcode(), "an unreadable one is still NOTIMP, from the header");
    assertEquals(0, m.getHeader().getCount(Section.QUESTION));
  }

  @Test
  void optTypeAsQuestionIsFormerr() {
    byte[] raw = query("www.example.com.", Type.OPT).toWire();
    raw[0] = 0x12;
    raw[1] = 0x34;
    assertFormerrFromHeader(raw);
  }

  @Test
  void malformedQueriesAreCounted() {
    double before = errors("malformed");
    send(packet(0xC0, 12, 0, 1, 0, 1));
    assertTrue(errors("malformed") > before);
    assertTrue(dns.meters.get("aya.dns.queries").tag("rcode", "FORMERR").tag("qtype", "NONE").counter().count() >= 1);
  }

  @Test
  void stormOfRandomPacketsLeavesTheServerAnsweringNormally() throws Exception {
    Random random = new Random(20261125L);
    byte[] valid = query("www.example.com.", Type.A).toWire();
    byte[] withOpt = TestDns.withOpt(valid, 1232, 0, 0, TestDns.option(8, 0, 1, 24, 0, 198, 51, 100));
    InetSocketAddress server = dns.address();
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      for (int i = 0; i < 4000; i++) {
        byte[] p;
        switch (i % 4) {
          case 0 -> {
            p = new byte[random.nextInt(600)];
            random.nextBytes(p);
            if (p.length > 2) {
              p[2] &= 0x07; // QR=0, opcode QUERY: parsed further than the header
            }
          }
          case 1 -> p = mutate(valid, random);
          case 2 -> p = mutate(withOpt, random);
          default -> p = Arrays.copyOf(withOpt, random.nextInt(withOpt.length + 1));
        }
        s.send(new DatagramPacket(p, p.length, server));
      }
    }
    // the storm may still fill the socket buffer, where the kernel drops what does not fit: retry until answered
    Message m =
        await()
            .atMost(Duration.ofSeconds(20))
            .ignoreExceptions()
            .until(() -> TestDns.udp(server, query("www.example.com.", Type.A)), r -> r != null);
    assertEquals(Rcode.NOERROR, m.getRcode());
    assertEquals(1, m.getSection(Section.ANSWER).size());
    Message t = TestDns.tcp(server, query("www.example.com.", Type.AAAA));
    assertEquals(1, t.getSection(Section.ANSWER).size());
    assertEquals(0.0, errors("internal"), "no query of the storm hit an unexpected exception");
  }

  /**
   * Over TCP: connections that send random bytes, and one connection that pipelines framed junk (random and
   * mutated messages, each with a proper length prefix) before a valid query. The junk is answered or dropped
   * message by message, the valid query behind it is answered on the same connection, and so are new ones.
   */
  @Test
  void stormOverTcpLeavesTheConnectionAndTheServerAnswering() throws Exception {
    Random random = new Random(20261201L);
    InetSocketAddress server = dns.address();
    for (int c = 0; c < 30; c++) {
      try (Socket s = new Socket(server.getAddress(), server.getPort())) {
        byte[] junk = new byte[1 + random.nextInt(3000)];
        random.nextBytes(junk);
        s.getOutputStream().write(junk);
      }
    }
    byte[] valid = query("www.example.com.", Type.A).toWire();
    byte[] withOpt = TestDns.withOpt(valid, 1232, 0, 0, TestDns.option(8, 0, 1, 24, 0, 198, 51, 100));
    Message probe = query("www.example.com.", Type.AAAA);
    probe.getHeader().setID(0xBEEF);
    try (Socket s = new Socket(server.getAddress(), server.getPort())) {
      s.setSoTimeout(5000);
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
      for (int i = 0; i < 600; i++) {
        byte[] p;
        switch (i % 3) {
          case 0 -> {
            p = new byte[1 + random.nextInt(600)];
            random.nextBytes(p);
          }
          case 1 -> p = mutate(valid, random);
          default -> p = mutate(withOpt, random);
        }
        if (p.length > 1 && (p[0] & 0xFF) == 0xBE && (p[1] & 0xFF) == 0xEF) {
          p[1] = 0; // never the probe's ID
        }
        out.writeShort(p.length);
        out.write(p);
      }
      byte[] wire = probe.toWire();
      out.writeShort(wire.length);
      out.write(wire);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      Message reply;
      do {
        byte[] r = new byte[in.readUnsignedShort()];
        in.readFully(r);
        reply = TestDns.parse(r);
      } while (reply.getHeader().getID() != 0xBEEF);
      assertEquals(Rcode.NOERROR, reply.getRcode());
      assertEquals(1, reply.getSection(Section.ANSWER).size());
      assertEquals(Type.AAAA, reply.getSection(Section.ANSWER).get(0).getType());
    }
    assertEquals(1, TestDns.tcp(server, query("www.example.com.", Type.A)).getSection(Section.ANSWER).size());
    assertEquals(1, TestDns.udp(server, query("www.example.com.", Type.A)).getSection(Section.ANSWER).size());
    assertEquals(0.0, errors("internal"), "no message of the storm hit an unexpected exception");
  }

  private static byte[] mutate(byte[] base, Random random) {
    byte[] p = base.clone();
    int flips = 1 + random.nextInt(4);
    for (int f = 0; f < flips; f++) {
      p[random.nextInt(p.length)] = (byte) random.nextInt(256);
    }
    p[2] &= 0x07;
    return p;
  }

  @Test
  void unexpectedExceptionIsServfailCountedAndTheServerKeepsAnswering() {
    BalancedResolver broken =
        (name, qtype, client, prefix) -> {
          throw new IllegalStateException("broken resolver (expected by this test)");
        };
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (DnsServer server =
        DnsServer.start(TestDns.config(), () -> ZoneSet.of(List.of(TestDns.exampleZone(0))), broken, meters)) {
      Message m = TestDns.udp(server.localAddress(), query("lb.example.com.", Type.A));
      assertEquals(Rcode.SERVFAIL, m.getRcode());
      assertEquals(1.0, meters.get("aya.dns.errors").tag("reason", "internal").counter().count());
      Message t = TestDns.tcp(server.localAddress(), query("lb.example.com.", Type.A));
      assertEquals(Rcode.SERVFAIL, t.getRcode());
      Message ok = TestDns.udp(server.localAddress(), query("www.example.com.", Type.A));
      assertEquals(Rcode.NOERROR, ok.getRcode());
    }
  }
}
