package io.aya.gslb.placement;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Asks the server, over real UDP, which region it answers each client network: one A query per network with
 * an EDNS Client Subnet option (RFC 7871) for the network's /24 (source prefix 24), the answered address mapped
 * back to its region. Queries go out in windows of {@value #WINDOW} from a fresh socket per round (so a late
 * answer of an earlier round cannot be taken for this one); the message ID is the network's index. Not
 * thread-safe.
 */
final class EcsProbe {
  /** No (single, known) answer for the network. */
  static final int NONE = -1;
  private static final int WINDOW = 128;
  private static final int ATTEMPTS = 4;

  private final InetSocketAddress server;
  private final Name name;
  private final Map<InetAddress, Integer> regionOf;

  /** @param regionOf answered address → region index */
  EcsProbe(InetSocketAddress server, Name name, Map<InetAddress, Integer> regionOf) {
    this.server = server;
    this.name = name;
    this.regionOf = Map.copyOf(regionOf);
  }

  /** The region index answered to each network of {@code networks} (IPv4 /24 CIDRs), {@link #NONE} if none. */
  int[] regions(List<NetworkDemand> networks) throws IOException {
    if (networks.size() > 65_536) {
      throw new IllegalArgumentException("networks: " + networks.size() + " (expected: at most 65536, one ID each)");
    }
    int[] out = new int[networks.size()];
    boolean[] done = new boolean[networks.size()];
    Arrays.fill(out, NONE);
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout(300);
      socket.setReceiveBufferSize(1 << 20);
      byte[] buf = new byte[4096];
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        int first = 0;
        while (first < out.length) {
          int sent = 0;
          int i = first;
          for (; i < out.length && sent < WINDOW; i++) {
            if (!done[i]) {
              byte[] q = query(i, networks.get(i).network());
              socket.send(new DatagramPacket(q, q.length, server));
              sent++;
            }
          }
          first = i;
          for (int got = 0; got < sent; ) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
              socket.receive(p);
            } catch (SocketTimeoutException lost) {
              break; // the rest of the window is asked again in the next attempt
            }
            Message m = new Message(Arrays.copyOf(p.getData(), p.getLength()));
            int id = m.getHeader().getID();
            if (id < out.length && !done[id]) {
              done[id] = true;
              out[id] = region(m);
              got++;
            }
          }
        }
      }
    }
    return out;
  }

  private byte[] query(int id, String cidr) throws IOException {
    String address = cidr.substring(0, cidr.indexOf('/'));
    Message q = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
    q.getHeader().setID(id);
    q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName(address)))),
        Section.ADDITIONAL);
    return q.toWire();
  }

  private int region(Message m) {
    if (m.getRcode() != Rcode.NOERROR) {
      return NONE;
    }
    List<Record> answer = m.getSection(Section.ANSWER);
    if (answer.size() != 1 || !(answer.get(0) instanceof ARecord a)) {
      return NONE;
    }
    return regionOf.getOrDefault(a.getAddress(), NONE);
  }
}
