import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;

/**
 * A measuring prototype for bench/l4-splice.sh, not a forwarder: accepts TCP connections on one address and
 * forwards each to one backend with Netty's epoll {@code spliceTo} both ways (socket to pipe to socket, no copy
 * through user space), on one event loop. No member choice, no half-close (a FIN from either side closes
 * both: enough for an HTTP download, not for the product; see docs/forwarding.md), no counters.
 *
 * <pre>java -cp gslb-server/target/aya.jar bench/SpliceProbe.java LISTEN_ADDR PORT BACKEND_ADDR BACKEND_PORT</pre>
 */
@SuppressWarnings("deprecation") // spliceTo is deprecated in Netty 4.2 and has no replacement
public final class SpliceProbe {
  public static void main(String[] args) throws Exception {
    InetSocketAddress listen = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    InetSocketAddress backend = new InetSocketAddress(args[2], Integer.parseInt(args[3]));
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    new ServerBootstrap()
        .group(group)
        .channel(EpollServerSocketChannel.class)
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(new ChannelInitializer<EpollSocketChannel>() {
          @Override
          protected void initChannel(EpollSocketChannel front) {
            front.pipeline().addLast(new Front(front, backend));
          }
        })
        .bind(listen).sync();
    System.out.println("splice probe on " + listen + " -> " + backend);
  }

  private static final class Front extends ChannelInboundHandlerAdapter {
    private final EpollSocketChannel front;
    private final InetSocketAddress backend;

    Front(EpollSocketChannel front, InetSocketAddress backend) {
      this.front = front;
      this.backend = backend;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      new Bootstrap()
          .group(front.eventLoop())
          .channel(EpollSocketChannel.class)
          .option(ChannelOption.AUTO_READ, false)
          .handler(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelInactive(ChannelHandlerContext c) {
              front.close();
            }
          })
          .connect(backend)
          .addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
              front.close();
              return;
            }
            EpollSocketChannel back = (EpollSocketChannel) f.channel();
            front.closeFuture().addListener(x -> back.close());
            front.spliceTo(back, Integer.MAX_VALUE).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            back.spliceTo(front, Integer.MAX_VALUE).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            front.config().setAutoRead(true);
            back.config().setAutoRead(true);
          });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private SpliceProbe() {}
}
