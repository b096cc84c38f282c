package io.aya.gslb.forward;

import io.aya.gslb.health.HealthViewSource;
import io.aya.gslb.zone.ForwardSpec;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forwards UDP on one address and port by flow: the first datagram from a client address and port picks a
 * member ({@link ForwardRoute#choose}) and opens a {@link UdpFlow} (a socket connected to the member);
 * later datagrams of that client go the same way and the member's replies come back from the listener's
 * address. A flow with no datagram either way for {@link ForwardSettings#udpIdleTimeout()} is forgotten.
 * Datagrams are dropped, never queued without bound: beyond {@link ForwardSettings#maxUdpFlows()} flows,
 * when no member can take a new flow, or while a flow's socket cannot take more. All of a listener's flows
 * run on the listener's event loop.
 */
final class UdpForwardListener extends ForwardListener {
  final Map<InetSocketAddress, UdpFlow> flows = new ConcurrentHashMap<>();
  private Channel socket;

  UdpForwardListener(
      ForwardTransport transport, EventLoopGroup group, InetSocketAddress bind, ForwardSettings settings,
      HealthViewSource health) {
    super(transport, group, bind, settings, health);
  }

  @Override
  ForwardSpec.Protocol protocol() {
    return ForwardSpec.Protocol.UDP;
  }

  @Override
  Channel bindChannel() throws InterruptedException {
    socket = new Bootstrap()
        .group(group)
        .channel(transport.datagramChannel())
        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
            fromClient(p);
          }

          @Override
          public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // an ICMP error for one client: the socket serves the others
          }
        })
        .bind(bind).sync().channel();
    return socket;
  }

  private void fromClient(DatagramPacket p) {
    InetSocketAddress client = p.sender();
    UdpFlow flow = flows.get(client);
    if (flow == null) {
      if (flows.size() >= settings.maxUdpFlows()) {
        stats.refused.increment();
        return;
      }
      ForwardRoute route = route();
      ForwardRoute.Choice c = route == null ? null
          : route.choose(health.current(), client.getAddress(), null, System.currentTimeMillis(), settings);
      if (c == null) {
        stats.refused.increment();
        return;
      }
      if (c.fallback()) {
        stats.fallback(c.member().region);
      }
      flow = new UdpFlow(this, client, c.member());
      flows.put(client, flow);
      flow.open(socket.eventLoop());
    }
    flow.send(p.content().retain());
  }

  /** A reply of a flow's member, back to its client from the listener's address. */
  void toClient(InetSocketAddress client, io.netty.buffer.ByteBuf content) {
    if (socket.isWritable()) {
      socket.writeAndFlush(new DatagramPacket(content, client), socket.voidPromise());
    } else {
      content.release();
    }
  }

  Bootstrap flowBootstrap() {
    return new Bootstrap().channel(transport.datagramChannel());
  }

  @Override
  int openCount() {
    return flows.size();
  }
}
