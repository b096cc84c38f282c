package io.aya.gslb.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/** AXFR, IXFR, access control, TSIG and NOTIFY of a running node, over real TCP and UDP. */
class ZoneTransferTest {
  static final String SECRET = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
  static final Name ZONE = Name.fromConstantString("x.test.");

  @TempDir Path dir;
  AyaNode node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  static String zone(String directives, long serial, String extra) {
    return directives
        + "$TTL 300\n"
        + "@    IN SOA ns1 hostmaster " + serial + " 7200 900 1209600 60\n"
        + "@    IN NS  ns1\n"
        + "ns1  IN A   198.51.100.53\n"
        + "$REGION east 40 -75\n"
        + "$REGION west 37 -122\n"
        + "www  30 IN GSLB east 192.0.2.10 2001:db8::10\n"
        + "www  30 IN GSLB west 192.0.2.20@2\n"
        + "api  30 IN GSLB east 192.0.2.30\n"
        + "$POLICY api geo fallback=203.0.113.1,203.0.113.2\n"
        + "$GENERATE 1-2000 host$ IN AAAA 2001:db8:1::$\n"
        + extra;
  }

  void start(String text) throws Exception {
    TestNode.write(dir.resolve("zones/x.test.zone"), text);
    TestNode.write(dir.resolve("state/tsig.keys"), "# transfer keys\nhmac-sha256:xfr-key:" + SECRET + "\n");
    node = AyaNode.start(TestNode.config(dir.resolve("zones"), dir.resolve("state")));
  }

  ZoneTransferIn axfr(TSIG key) {
    ZoneTransferIn x = ZoneTransferIn.newAXFR(ZONE, node.dnsAddress(), key);
    x.setTimeout(Duration.ofSeconds(10));
    return x;
  }

  static TSIG key(String secret) {
    return new TSIG(TSIG.HMAC_SHA256, Name.fromConstantString("xfr-key."), Base64.getDecoder().decode(secret));
  }

  static Set<String> lines(List<Record> records) {
    Set<String> out = new TreeSet<>();
    for (Record r : records) {
      out.add(r.getName() + " " + r.getTTL() + " " + Type.string(r.getType()) + " " + r.rdataToString());
    }
    return out;
  }

  @Test
  void axfrOverTcpFramesTheZoneWithItsSoaInManyMessagesAndCarriesTheStaticFallbackButNoGslbData() throws Exception {
    start(zone("", 1, ""));
    ZoneTransferIn x = axfr(null);
    x.run();
    List<Record> records = x.getAXFR();
    assertEquals(Type.SOA, records.get(0).getType());
    assertEquals(Type.SOA, records.get(records.size() - 1).getType());
    Set<String> text = lines(records);
    assertTrue(text.contains("www.x.test. 30 A 192.0.2.10"), text.toString().substring(0, 500));
    assertTrue(text.contains("www.x.test. 30 AAAA 2001:db8:0:0:0:0:0:10"));
    assertTrue(text.contains("www.x.test. 30 A 192.0.2.20"));
    assertTrue(text.contains("api.x.test. 30 A 203.0.113.1"));
    assertFalse(text.contains("api.x.test. 30 A 192.0.2.30"), "fallback= replaces the pools");
    assertTrue(text.contains("host1999.x.test. 300 AAAA 2001:db8:1:0:0:0:0:1999"));
    // SOA twice, NS, ns1, 2000 hosts, 3 www, 2 api
    assertEquals(2 + 1 + 1 + 2000 + 3 + 2, records.size());
    for (Record r : records) {
      assertTrue(r.getType() == Type.SOA || r.getType() == Type.NS || r.getType() == Type.A || r.getType() == Type.AAAA,
          r.toString());
    }
  }

  @Test
  void axfrOverUdpIsFormerr() throws Exception {
    start(zone("", 1, ""));
    Message m = rawUdp(Message.newQuery(Record.newRecord(ZONE, Type.AXFR, DClass.IN)));
    assertEquals(Rcode.FORMERR, m.getRcode());
    assertTrue(m.getSection(Section.ANSWER).isEmpty());
  }

  @Test
  void ixfrAfterAReloadCarriesOnlyTheChangedRecordsAndAnUnknownSerialGetsTheWholeZone() throws Exception {
    start(zone("", 10, ""));
    TestNode.write(dir.resolve("zones/x.test.zone"), zone("", 11, "new IN TXT \"hello\"\n").replace(
        "host$ IN AAAA 2001:db8:1::$", "host$ IN AAAA 2001:db8:1::$\nhost7 IN AAAA 2001:db8:0:0:0:0:0:7"));
    assertTrue(node.reloadZones().ok());
    TestNode.write(dir.resolve("zones/x.test.zone"), zone("", 12, "new IN TXT \"hello\"\n"));
    assertTrue(node.reloadZones().ok());

    ZoneTransferIn x = ZoneTransferIn.newIXFR(ZONE, 10, false, node.dnsAddress(), null);
    x.run();
    assertTrue(x.isIXFR());
    List<ZoneTransferIn.Delta> deltas = x.getIXFR();
    assertEquals(2, deltas.size());
    assertEquals(10, deltas.get(0).start);
    assertEquals(11, deltas.get(0).end);
    assertEquals(Set.of("new.x.test. 300 TXT \"hello\"", "host7.x.test. 300 AAAA 2001:db8:0:0:0:0:0:7"),
        lines(withoutSoa(deltas.get(0).adds)));
    assertTrue(withoutSoa(deltas.get(0).deletes).isEmpty());
    assertEquals(Set.of("host7.x.test. 300 AAAA 2001:db8:0:0:0:0:0:7"), lines(withoutSoa(deltas.get(1).deletes)));
    assertTrue(withoutSoa(deltas.get(1).adds).isEmpty());

    ZoneTransferIn unknown = ZoneTransferIn.newIXFR(ZONE, 5, false, node.dnsAddress(), null);
    unknown.run();
    assertTrue(unknown.isAXFR());
    assertEquals(2 + 1 + 1 + 2000 + 3 + 2 + 1, unknown.getAXFR().size());

    ZoneTransferIn current = ZoneTransferIn.newIXFR(ZONE, 12, false, node.dnsAddress(), null);
    current.run();
    assertTrue(current.isCurrent());
  }

  @Test
  void ixfrOverUdpIsAnsweredWithTheChangesWhenTheyFitElseWithTheSoaAlone() throws Exception {
    start(zone("", 1, ""));
    TestNode.write(dir.resolve("zones/x.test.zone"), zone("", 2, "new IN TXT \"hello\"\n"));
    assertTrue(node.reloadZones().ok());
    Message small = udp(ixfrQuery(1));
    assertEquals(Rcode.NOERROR, small.getRcode());
    List<Record> answer = small.getSection(Section.ANSWER);
    assertEquals(List.of(Type.SOA, Type.SOA, Type.SOA, Type.TXT, Type.SOA),
        answer.stream().map(Record::getType).toList());

    Message unknown = udp(ixfrQuery(0));
    assertEquals(1, unknown.getSection(Section.ANSWER).size());
    assertEquals(2, ((SOARecord) unknown.getSection(Section.ANSWER).get(0)).getSerial());
  }

  @Test
  void aTransferFromAnAddressTheRulesDoNotAllowIsRefusedWithNothingButTheQuestion() throws Exception {
    start(zone("$TRANSFER allow=192.0.2.0/24\n", 1, ""));
    Message m = tcp(Message.newQuery(Record.newRecord(ZONE, Type.AXFR, DClass.IN)));
    assertEquals(Rcode.REFUSED, m.getRcode());
    assertTrue(m.getSection(Section.ANSWER).isEmpty());
    assertTrue(m.getSection(Section.AUTHORITY).isEmpty());
    assertTrue(m.getSection(Section.ADDITIONAL).isEmpty());
    assertEquals(Rcode.REFUSED, udp(ixfrQuery(0)).getRcode());
    // plain queries are unaffected
    assertEquals(Rcode.NOERROR, udp(Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN))).getRcode());
  }

  @Test
  void aTransferOfAZoneNotServedHereIsNotauth() throws Exception {
    start(zone("", 1, ""));
    Message m = tcp(Message.newQuery(Record.newRecord(Name.fromString("other.test."), Type.AXFR, DClass.IN)));
    assertEquals(Rcode.NOTAUTH, m.getRcode());
  }

  @Test
  void aZoneThatRequiresTsigIsTransferredSignedInEveryMessageAndRefusedUnsigned() throws Exception {
    start(zone("$TRANSFER tsig=xfr-key\n", 1, ""));
    ZoneTransferIn x = axfr(key(SECRET));
    x.run(); // dnsjava verifies the TSIG of every message (TSIG.StreamVerifier) and fails the transfer otherwise
    assertEquals(2 + 1 + 1 + 2000 + 3 + 2, x.getAXFR().size());

    ZoneTransferException e = assertThrows(ZoneTransferException.class, () -> axfr(null).run());
    assertTrue(e.getMessage().contains("REFUSED"), e.getMessage());
  }

  @Test
  void badTsigGetsNotauthWithBadsigBadkeyOrBadtimeAndNoRecords() throws Exception {
    start(zone("$TRANSFER tsig=xfr-key\n", 1, ""));
    String wrong = Base64.getEncoder().encodeToString("ffffffffffffffffffffffffffffffff".getBytes());
    assertTsigError(key(wrong), Rcode.BADSIG);
    assertTsigError(new TSIG(TSIG.HMAC_SHA256, Name.fromString("other-key."), Base64.getDecoder().decode(SECRET)),
        Rcode.BADKEY);
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
    TSIG stale = new TSIG(TSIG.HMAC_SHA256, Name.fromString("xfr-key."),
        new SecretKeySpec(Base64.getDecoder().decode(SECRET), "HmacSHA256"), past);
    Message m = assertTsigError(stale, Rcode.BADTIME);
    assertTrue(m.getTSIG().getSignature().length > 0, "a BADTIME reply is signed (RFC 8945 §5.2.3)");
  }

  Message assertTsigError(TSIG key, int error) throws Exception {
    Message q = Message.newQuery(Record.newRecord(ZONE, Type.AXFR, DClass.IN));
    q.setTSIG(key, Rcode.NOERROR, null);
    Message m = tcp(q);
    assertEquals(Rcode.NOTAUTH, m.getHeader().getRcode());
    TSIGRecord t = m.getTSIG();
    assertNotNull(t, m.toString());
    assertEquals(error, t.getError(), Rcode.TSIGstring(t.getError()));
    assertTrue(m.getSection(Section.ANSWER).isEmpty());
    return m;
  }

  @Test
  void aReloadUnderANewSerialNotifiesTheSecondariesAndRetriesUntilOneAnswers() throws Exception {
    try (DatagramSocket secondary = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      secondary.setSoTimeout(10_000);
      String notify = "$NOTIFY 127.0.0.1:" + secondary.getLocalPort() + "\n";
      start(zone(notify, 1, ""));
      TestNode.write(dir.resolve("zones/x.test.zone"), zone(notify, 2, "new IN TXT \"hello\"\n"));
      assertTrue(node.reloadZones().ok());

      Message first = receive(secondary);
      assertEquals(Opcode.NOTIFY, first.getHeader().getOpcode());
      assertEquals(ZONE, first.getQuestion().getName());
      assertEquals(Type.SOA, first.getQuestion().getType());
      assertEquals(2, ((SOARecord) first.getSection(Section.ANSWER).get(0)).getSerial());
      // not answered: it comes again
      DatagramPacket p = new DatagramPacket(new byte[512], 512);
      secondary.receive(p);
      Message again = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
      assertEquals(Opcode.NOTIFY, again.getHeader().getOpcode());
      Message ack = new Message(again.getHeader().getID());
      ack.getHeader().setOpcode(Opcode.NOTIFY);
      ack.getHeader().setFlag(org.xbill.DNS.Flags.QR);
      ack.addRecord(again.getQuestion(), Section.QUESTION);
      byte[] wire = ack.toWire();
      secondary.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
    }
  }

  static Message receive(DatagramSocket s) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[512], 512);
    s.receive(p);
    return new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
  }

  static List<Record> withoutSoa(List<Record> records) {
    List<Record> out = new ArrayList<>();
    for (Record r : records) {
      if (r.getType() != Type.SOA) {
        out.add(r);
      }
    }
    return out;
  }

  static Message ixfrQuery(long serial) {
    Message q = Message.newQuery(Record.newRecord(ZONE, Type.IXFR, DClass.IN));
    q.addRecord(new SOARecord(ZONE, DClass.IN, 0, Name.root, Name.root, serial, 0, 0, 0, 0), Section.AUTHORITY);
    return q;
  }

  /** One datagram out, one in (dnsjava's resolver would turn an AXFR query into a TCP transfer). */
  Message rawUdp(Message q) throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(3000);
      byte[] wire = q.toWire();
      s.send(new DatagramPacket(wire, wire.length, node.dnsAddress()));
      return receive(s);
    }
  }

  Message udp(Message q) throws Exception {
    SimpleResolver r = new SimpleResolver(node.dnsAddress());
    r.setTimeout(Duration.ofSeconds(3));
    return r.send(q);
  }

  /** One query over TCP, one reply read (the first message of the stream). */
  Message tcp(Message q) throws Exception {
    try (Socket s = new Socket(node.dnsAddress().getAddress(), node.dnsAddress().getPort())) {
      s.setSoTimeout(5000);
      byte[] wire = q.toWire(65535);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(wire.length);
      out.write(wire);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] reply = new byte[in.readUnsignedShort()];
      in.readFully(reply);
      return new Message(reply);
    }
  }
}
