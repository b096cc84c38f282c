package io.aya.gslb.dns;

import io.aya.gslb.dnssec.ZoneSignatures;
import io.aya.gslb.policy.BalancedResolver;
import io.aya.gslb.zone.ZoneSetSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authoritative DNS server: UDP and TCP listeners on one address and port answering from the zones of a
 * {@link ZoneSetSource} (RFC 1034 §4.3.2, RFC 1035, RFC 2308, RFC 4592, RFC 6891 EDNS, RFC 7766 TCP, RFC 7871
 * client subnet, RFC 8482 minimal ANY) with balanced names resolved by a {@link BalancedResolver}.
 *
 * <p>Transport: native epoll when available (several UDP sockets bound with {@code SO_REUSEPORT} so every
 * event loop receives queries), NIO otherwise (one UDP socket). Zone transfers (AXFR, IXFR) are answered by
 * the {@link ZoneTransfers} given to {@code start}, streamed over TCP; without one they are REFUSED.
 *
 * <p>On a host with several addresses, listen on a specific address rather than the wildcard: replies to UDP
 * queries leave from the address the kernel's routing picks, which on a wildcard socket may differ from the
 * one the query was sent to (and resolvers drop such replies).
 *
 * <p>Meters: {@code dns.queries{rcode,qtype}}, {@code dns.answer.latency}, {@code dns.errors{reason}}, {@code
 * dns.rrl{action}}.
 *
 * <p>Thread-safe. {@link #start} returns once every socket is bound; {@link #close} releases them and stops the
 * event loops (idempotent).
 */
public final class DnsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
  private static final int BIND_ATTEMPTS = 10;
  private static final int UDP_RECEIVE_BUFFER = 2 << 20;
  private static final int MAX_UDP_QUERY = 4096;
  private static final int UDP_BATCH = 16;

  private final EventLoopGroup group;
  private final List<Channel> channels;
  private final InetSocketAddress localAddress;
  private final ResponseRateLimiter rateLimiter;
  private volatile boolean closed;

  private DnsServer(EventLoopGroup group, List<Channel> channels, InetSocketAddress localAddress,
      ResponseRateLimiter rateLimiter) {
    this.group = group;
    this.channels = channels;
    this.localAddress = localAddress;
    this.rateLimiter = rateLimiter;
  }

  /**
   * Binds UDP and TCP on {@code config.listen()} and starts answering.
   *
   * @throws UncheckedIOException when the address cannot be bound (in use, not local, no permission)
   */
  public static DnsServer start(
      DnsConfig config, ZoneSetSource zones, BalancedResolver balanced, MeterRegistry meters) {
    return start(config, zones, null, balanced, meters, true);
  }

  /**
   * As {@link #start(DnsConfig, ZoneSetSource, BalancedResolver, MeterRegistry)}, answering AXFR and IXFR with
   * {@code transfers} (null: REFUSED).
   */
  public static DnsServer start(DnsConfig config, ZoneSetSource zones, ZoneTransfers transfers,
      BalancedResolver balanced, MeterRegistry meters) {
    return start(config, zones, transfers, balanced, meters, true);
  }

  /**
   * As {@link #start(DnsConfig, ZoneSetSource, ZoneTransfers, BalancedResolver, MeterRegistry)}, answering
   * CH TXT {@code id.server.}/{@code hostname.bind.} with {@code identity}.
   */
  public static DnsServer start(DnsConfig config, ZoneSetSource zones, ZoneTransfers transfers,
      BalancedResolver balanced, MeterRegistry meters, ChaosIdentity identity) {
    return start(config, zones, transfers, balanced, meters, true, identity);
  }

  /**
   * As {@link #start(DnsConfig, ZoneSetSource, ZoneTransfers, BalancedResolver, MeterRegistry, ChaosIdentity)},
   * signing the answers to DO=1 queries for the zones {@code signatures} signs (docs/dnssec.md).
   */
  public static DnsServer start(DnsConfig config, ZoneSetSource zones, ZoneTransfers transfers,
      BalancedResolver balanced, MeterRegistry meters, ChaosIdentity identity, ZoneSignatures signatures) {
    return start(config, zones, transfers, balanced, meters, true, identity, signatures, null);
  }

  /**
   * As {@link #start(DnsConfig, ZoneSetSource, ZoneTransfers, BalancedResolver, MeterRegistry, ChaosIdentity,
   * ZoneSignatures)}, logging a sample of the answered queries to {@code queryLog} (null: none).
   */
  public static DnsServer start(DnsConfig config, ZoneSetSource zones, ZoneTransfers transfers,
      BalancedResolver balanced, MeterRegistry meters, ChaosIdentity identity, ZoneSignatures signatures,
      QueryLog queryLog) {
    return start(config, zones, transfers, balanced, meters, true, identity, signatures, queryLog);
  }

  /** As {@link #start(DnsConfig, ZoneSetSource, BalancedResolver, MeterRegistry)}; NIO only when not native. */
  static DnsServer start(
      DnsConfig config, ZoneSetSource zones, BalancedResolver balanced, MeterRegistry meters, boolean allowNative) {
    return start(config, zones, null, balanced, meters, allowNative);
  }

  private static DnsServer start(DnsConfig config, ZoneSetSource zones, ZoneTransfers transfers,
      BalancedResolver balanced, MeterRegistry meters, boolean allowNative) {
    return start(config, zones, transfers, balanced, meters, allowNative, ChaosIdentity.NONE);
  }

  private static DnsServer start(DnsConfig config, ZoneSetSource zones, ZoneTransfers transfers,
      BalancedResolver balanced, MeterRegistry meters, boolean allowNative, ChaosIdentity identity) {
    return start(config, zones, transfers, balanced, meters, allowNative, identity, null, null);
  }

  private static DnsServer start(DnsConfig config, ZoneSetSource zones, ZoneTransfers transfers,
      BalancedResolver balanced, MeterRegistry meters, boolean allowNative, ChaosIdentity identity,
      ZoneSignatures signatures, QueryLog queryLog) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(zones, "zones");
    Objects.requireNonNull(balanced, "balanced");
    Objects.requireNonNull(meters, "meters");
    boolean epoll = allowNative && Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(config.eventLoops(), new DefaultThreadFactory("aya-dns"), io);
    try {
      DnsMetrics metrics = new DnsMetrics(meters);
      QueryProcessor processor =
          new QueryProcessor(zones, transfers, balanced, metrics, config.advertisedPayload(), identity, signatures,
              queryLog);
      ResponseRateLimiter rateLimiter = new ResponseRateLimiter(config.rrl(), metrics);
      UdpQueryHandler udpHandler = new UdpQueryHandler(processor, rateLimiter);
      TcpConnections connections =
          new TcpConnections(config.maxTcpConnections(), config.maxTcpPerNetwork(), metrics);
      long idleMillis = config.tcpIdleTimeout().toMillis();
      long frameNanos = config.tcpFrameTimeout().toNanos();

      int udpSockets = epoll ? config.udpSockets() : 1;
      // An IPv4 listen address gets an IPv4 socket: the kernel's UDP path for a dual-stack socket goes through
      // udpv6_sendmsg/udpv6_recvmsg and v4-mapped addresses on every packet.
      SocketProtocolFamily family =
          config.listen().getAddress() instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
      Bootstrap udp =
          new Bootstrap()
              .group(group)
              .channelFactory(() -> epoll ? new EpollDatagramChannel(family) : new NioDatagramChannel(family))
              .option(ChannelOption.SO_RCVBUF, UDP_RECEIVE_BUFFER)
              .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_UDP_QUERY))
              .handler(udpHandler);
      if (epoll) {
        // recvmmsg: up to UDP_BATCH datagrams per system call under load
        udp.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_UDP_QUERY)
            .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_UDP_QUERY * UDP_BATCH));
      }
      if (udpSockets > 1) {
        udp.option(EpollChannelOption.SO_REUSEPORT, true);
      }
      ServerBootstrap tcp =
          new ServerBootstrap()
              .group(group)
              .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 << 10, 256 << 10))
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(connections)
                          .addLast(new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                          .addLast(new TcpFrameDecoder(frameNanos, metrics))
                          .addLast(new TcpQueryHandler(processor, transfers, metrics));
                    }
                  });
      List<Channel> channels = bind(config.listen(), udp, udpSockets, tcp);
      InetSocketAddress local = (InetSocketAddress) channels.get(0).localAddress();
      log.info(
          "DNS listening on {} (UDP x{} and TCP, {} transport, {} event loops)",
          local,
          udpSockets,
          epoll ? "epoll" : "NIO",
          config.eventLoops());
      return new DnsServer(group, channels, local, rateLimiter);
    } catch (RuntimeException | Error e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      throw e;
    }
  }

  private static List<Channel> bind(InetSocketAddress listen, Bootstrap udp, int udpSockets, ServerBootstrap tcp) {
    Throwable last = null;
    for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      List<Channel> channels = new ArrayList<>();
      try {
        Channel first = await(udp.bind(listen), "UDP", listen);
        channels.add(first);
        // with port 0 the kernel chose a port: every further socket binds to that one
        InetSocketAddress bound =
            new InetSocketAddress(listen.getAddress(), ((InetSocketAddress) first.localAddress()).getPort());
        for (int i = 1; i < udpSockets; i++) {
          channels.add(await(udp.bind(bound), "UDP", bound));
        }
        channels.add(await(tcp.bind(bound), "TCP", bound));
        return channels;
      } catch (UncheckedIOException e) {
        for (Channel c : channels) {
          c.close().syncUninterruptibly();
        }
        last = e;
        if (listen.getPort() != 0) {
          throw e;
        }
      }
    }
    throw new UncheckedIOException(
        new BindException("no free port for UDP and TCP on " + listen.getAddress() + " after " + BIND_ATTEMPTS
            + " attempts: " + last.getMessage()));
  }

  private static Channel await(ChannelFuture f, String what, InetSocketAddress address) {
    f.awaitUninterruptibly();
    if (!f.isSuccess()) {
      BindException e = new BindException("cannot bind DNS " + what + " on " + address + ": " + f.cause().getMessage());
      e.initCause(f.cause());
      throw new UncheckedIOException(e);
    }
    return f.channel();
  }

  /**
   * What response rate limiting would do to the next UDP answer of {@code qname}/{@code qtype} to {@code client}
   * (the packet's source address), from the counters as they are now. For explain; thread-safe.
   */
  public RateLimitReport rateLimit(java.net.InetAddress client, org.xbill.DNS.Name qname, int qtype) {
    return rateLimiter.report(client, qname, qtype);
  }

  /** The bound UDP and TCP address (with the actual port when started on port 0). */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /** Closes every socket and stops the event loops; waits at most a few seconds. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Channel c : channels) {
      c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    log.info("DNS on {} stopped", localAddress);
  }
}
