import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * A second floor for bench/dns.sh (server "jfloor"): the JVM with the JDK's own blocking {@link DatagramChannel}
 * on one thread, answering every query as {@code NettyUdpFloor} does (header and question, one fixed A record).
 * The thread sleeps in {@code recvfrom} and sends with {@code sendto}: two system calls a query, no epoll, no
 * timer, no per-packet objects but the sender's address, and no batching. Against {@code NettyUdpFloor} it shows
 * what Netty's per-packet machinery costs at a given rate; against Knot, what any JVM server pays before DNS work.
 *
 * <pre>java -cp gslb-server/target/aya.jar bench/JdkUdpFloor.java HOST:PORT</pre>
 *
 * Runs until killed. Not a DNS server: it answers anything it can find a question in with the same record.
 */
public final class JdkUdpFloor {
  private static final byte[] ANSWER = {
    (byte) 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, (byte) 192, 0, 2, 1
  };

  public static void main(String[] args) throws Exception {
    String[] hostPort = args[0].split(":");
    DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
    ch.setOption(StandardSocketOptions.SO_RCVBUF, 2 << 20);
    ch.bind(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
    ch.configureBlocking(true);
    System.out.println("jfloor: listening on " + args[0]);
    ByteBuffer in = ByteBuffer.allocateDirect(4096);
    ByteBuffer out = ByteBuffer.allocateDirect(4096);
    while (true) {
      in.clear();
      SocketAddress sender = ch.receive(in);
      in.flip();
      int qe = questionEnd(in);
      if (qe < 0) {
        continue;
      }
      out.clear();
      in.limit(qe);
      out.put(in);
      out.put(2, (byte) ((out.get(2) & 0x01) | 0x84));
      out.put(3, (byte) 0);
      out.putShort(4, (short) 1);
      out.putShort(6, (short) 1);
      out.putShort(8, (short) 0);
      out.putShort(10, (short) 0);
      out.put(ANSWER);
      out.flip();
      ch.send(out, sender);
    }
  }

  /** The index after the first question's type and class, or -1 when there is none. */
  private static int questionEnd(ByteBuffer in) {
    int i = 12;
    int end = in.limit();
    while (i < end) {
      int len = in.get(i) & 0xff;
      if (len == 0) {
        return i + 5 <= end ? i + 5 : -1;
      }
      if (len > 63) {
        return -1;
      }
      i += len + 1;
    }
    return -1;
  }
}
