package io.aya.gslb.forward;

import io.netty.channel.EventLoopGroup;

/**
 * An echo backend in a process of its own (its own file-descriptor limit), for the test with thousands of
 * concurrent connections: prints its port, serves until its standard input closes.
 */
public final class BackendMain {
  private BackendMain() {}

  public static void main(String[] args) throws Exception {
    EventLoopGroup group = ForwardTransport.NIO.newGroup(1);
    TcpBackend b = TcpBackend.start(group, args[0], TcpBackend.Mode.ECHO, 0);
    System.out.println(b.address.getPort());
    System.out.flush();
    while (System.in.read() >= 0) {
      // until the test closes our stdin (or dies)
    }
    b.close();
    group.shutdownGracefully();
  }
}
