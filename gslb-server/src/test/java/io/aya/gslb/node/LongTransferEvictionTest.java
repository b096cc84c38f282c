package io.aya.gslb.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.gslb.config.ConfigLoader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * At the TCP connection limit the idlest connection makes room for a new one; a zone transfer that the secondary
 * keeps reading is busy (its messages going out are activity), not idle, though its only query arrived long
 * before the other connections' queries.
 */
class LongTransferEvictionTest {
  @TempDir Path dir;
  private AyaNode node;
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aTransferInProgressIsNotEvictedAsIdleWhenTheConnectionLimitIsReached() throws Exception {
    // about 15 MB of transfer: far more than the socket buffers and Netty's outbound buffer hold
    String txt = " IN TXT \"" + "x".repeat(240) + "\"\n";
    StringBuilder zone = new StringBuilder(
        "$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 900 1209600 60\n@ IN NS ns1\nns1 IN A 198.51.100.53\n"
            + "www IN A 192.0.2.1\n");
    for (int i = 1; i <= 60_000; i++) {
      zone.append('t').append(i).append(txt);
    }
    TestNode.write(dir.resolve("zones/big.test.zone"), zone.toString());
    ConfigLoader.Settings s = TestNode.settings(dir.resolve("zones"), dir.resolve("state"));
    s.maxTcpConnections = 3;
    node = AyaNode.start(ConfigLoader.load(null, s, TestNode.noEnv()));

    Socket transfer = new Socket();
    transfer.setReceiveBufferSize(4096);
    transfer.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 1, 1}), 0));
    transfer.connect(node.dnsAddress(), 5000);
    transfer.setSoTimeout(10_000);
    sockets.add(transfer);
    send(transfer, Message.newQuery(Record.newRecord(Name.fromString("big.test."), Type.AXFR, DClass.IN)));
    DataInputStream xfr = new DataInputStream(transfer.getInputStream());
    Message first = readMessage(xfr);
    assertEquals(Type.SOA, first.getSection(Section.ANSWER).get(0).getType());
    long records = first.getSection(Section.ANSWER).size();

    // two clients ask once each after the transfer started, then stay quiet
    Socket quietOne = connectAndAsk(2);
    Socket quietTwo = connectAndAsk(3);
    // the secondary reads on: the transfer writes its next messages, after the quiet clients' last queries
    long read = 0;
    while (read < 2_000_000) {
      Message m = readMessage(xfr);
      records += m.getSection(Section.ANSWER).size();
      read += m.numBytes();
    }
    // a fourth connection: the limit is 3, so the idlest one (the first quiet client) is closed
    connectAndAsk(4);
    assertTrue(closedByPeer(quietOne), "the connection idle the longest made room");
    assertEquals(Rcode.NOERROR, ask(quietTwo).getRcode(), "the other quiet client still has its connection");

    // the transfer carries on to its closing SOA
    Message last;
    do {
      last = readMessage(xfr);
      records += last.getSection(Section.ANSWER).size();
    } while (!endsWithSoa(last));
    assertEquals(2 + 60_003, records, "SOA, every record, SOA");
  }

  /** A client from 127.0.{@code net}.1: each its own /24, so no per-network limit applies. */
  private Socket connectAndAsk(int net) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, (byte) net, 1}), 0));
    s.connect(node.dnsAddress(), 5000);
    s.setSoTimeout(5000);
    assertEquals(Rcode.NOERROR, ask(s).getRcode());
    return s;
  }

  private static Message ask(Socket s) throws IOException {
    send(s, Message.newQuery(Record.newRecord(Name.fromString("www.big.test."), Type.A, DClass.IN)));
    return readMessage(new DataInputStream(s.getInputStream()));
  }

  private static void send(Socket s, Message q) throws IOException {
    byte[] wire = q.toWire();
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    out.writeShort(wire.length);
    out.write(wire);
    out.flush();
  }

  private static Message readMessage(DataInputStream in) throws IOException {
    byte[] wire = new byte[in.readUnsignedShort()];
    in.readFully(wire);
    return new Message(wire);
  }

  private static boolean endsWithSoa(Message m) {
    List<Record> answer = m.getSection(Section.ANSWER);
    return m.getHeader().getCount(Section.QUESTION) == 0 && !answer.isEmpty()
        && answer.get(answer.size() - 1).getType() == Type.SOA;
  }

  private static boolean closedByPeer(Socket s) throws IOException {
    try {
      return s.getInputStream().read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
