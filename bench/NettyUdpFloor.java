import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import java.net.InetSocketAddress;

/**
 * The floor under AYA's UDP path, for bench/dns.sh (server "floor"): the JVM and Netty's epoll transport set up
 * as {@code DnsServer} sets them up (one event loop, recvmmsg batches of 16, sendmmsg on flush), answering every
 * query with its header and question and one fixed A record (192.0.2.1, TTL 300), and nothing else: no zone, no
 * cache, no metrics. What this costs per query is what a Java server on this transport pays before any DNS work;
 * AYA's cost above it is its own.
 *
 * <pre>java -cp gslb-server/target/aya.jar bench/NettyUdpFloor.java HOST:PORT</pre>
 *
 * Runs until killed. Not a DNS server: it answers anything, malformed or not, with the same record.
 */
public final class NettyUdpFloor {
  private static final byte[] ANSWER = {
    (byte) 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, (byte) 192, 0, 2, 1
  };

  public static void main(String[] args) throws Exception {
    String[] hostPort = args[0].split(":");
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    new Bootstrap()
        .group(group)
        .channelFactory(() -> new EpollDatagramChannel(SocketProtocolFamily.INET))
        .option(ChannelOption.SO_RCVBUF, 2 << 20)
        .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 4096)
        .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(4096 * 16))
        .handler(new Responder())
        .bind(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
        .sync();
    System.out.println("floor: listening on " + args[0]);
    Thread.currentThread().join();
  }

  @Sharable
  private static final class Responder extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      DatagramPacket packet = (DatagramPacket) msg;
      try {
        ByteBuf in = packet.content();
        int questionEnd = questionEnd(in);
        if (questionEnd < 0) {
          return;
        }
        int length = questionEnd - in.readerIndex();
        ByteBuf out = ctx.alloc().directBuffer(length + ANSWER.length);
        out.writeBytes(in, in.readerIndex(), length);
        out.setByte(2, (out.getByte(2) & 0x01) | 0x84); // QR, AA, RD copied
        out.setByte(3, 0);
        out.setShort(4, 1);
        out.setShort(6, 1);
        out.setShort(8, 0);
        out.setShort(10, 0);
        out.writeBytes(ANSWER);
        ctx.write(new DatagramPacket(out, packet.sender()), ctx.voidPromise());
      } finally {
        packet.release();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    /** The index after the first question's type and class, or -1 when there is none. */
    private static int questionEnd(ByteBuf in) {
      int i = in.readerIndex() + 12;
      int end = in.writerIndex();
      while (i < end) {
        int len = in.getUnsignedByte(i);
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
}
