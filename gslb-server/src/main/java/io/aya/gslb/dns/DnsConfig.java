package io.aya.gslb.dns;

import io.aya.gslb.setting.DurationRange;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the DNS listeners. Immutable; every value is checked in the constructor, with messages that
 * state the allowed range (settings of the config file, e.g. {@code event-loops}, are named as it spells them).
 *
 * @param listen address and port served over both UDP and TCP; port 0 picks a free port (see {@link
 *     DnsServer#localAddress()})
 * @param eventLoops I/O threads shared by the UDP and TCP listeners (1..256)
 * @param udpSockets UDP sockets bound to the same address with {@code SO_REUSEPORT} so that the kernel spreads
 *     queries over them (1..256); only honoured with native epoll, the NIO transport always binds one
 * @param advertisedPayload EDNS UDP payload size we advertise and never exceed over UDP (512..65535, RFC 6891
 *     §6.2.5; 1232 by default, the DNS flag day 2020 value that avoids IP fragmentation)
 * @param tcpIdleTimeout a TCP connection with nothing read or written for this long is closed (RFC 7766 §6.2.3);
 *     checked by {@link #TCP_IDLE_TIMEOUT} ({@code tcp-idle-timeout-seconds}: 1..3600)
 * @param maxTcpConnections open TCP connections at most (1..1000000); at the limit a new connection closes the
 *     oldest idle one (see {@link TcpConnections})
 * @param maxTcpPerNetwork open TCP connections at most from one client network (/24 IPv4, /56 IPv6); more from
 *     that network are closed on accept (1..1000000; never above {@code maxTcpConnections} in effect)
 * @param tcpFrameTimeout a message (length prefix and body) must arrive whole within this time from its first
 *     byte, else the connection is closed: a peer trickling bytes cannot hold a connection (slowloris);
 *     checked by {@link #TCP_FRAME_TIMEOUT} ({@code tcp-frame-timeout-seconds}: 1..60)
 * @param rrl response rate limiting over UDP ({@link Rrl#OFF} for none)
 */
public record DnsConfig(
    InetSocketAddress listen,
    int eventLoops,
    int udpSockets,
    int advertisedPayload,
    Duration tcpIdleTimeout,
    int maxTcpConnections,
    int maxTcpPerNetwork,
    Duration tcpFrameTimeout,
    Rrl rrl) {

  /** Most event loops and most UDP sockets: the one limit of {@code event-loops} and {@code udp-sockets}. */
  public static final int MAX_THREADS = 256;

  /** {@link #tcpIdleTimeout()}: more than 0, at most an hour. */
  public static final DurationRange TCP_IDLE_TIMEOUT =
      new DurationRange("tcp-idle-timeout-seconds", ChronoUnit.SECONDS, 1, 3600);

  /** {@link #tcpFrameTimeout()}: more than 0, at most a minute. */
  public static final DurationRange TCP_FRAME_TIMEOUT =
      new DurationRange("tcp-frame-timeout-seconds", ChronoUnit.SECONDS, 1, 60);

  /** The payload size advertised by default (RFC 6891, DNS flag day 2020). */
  public static final int DEFAULT_ADVERTISED_PAYLOAD = 1232;

  public DnsConfig {
    Objects.requireNonNull(listen, "dns");
    checkRange("event-loops", eventLoops, 1, MAX_THREADS);
    checkRange("udp-sockets", udpSockets, 1, MAX_THREADS);
    checkRange("advertisedPayload", advertisedPayload, 512, 65535);
    TCP_IDLE_TIMEOUT.check(tcpIdleTimeout);
    checkRange("max-tcp-connections", maxTcpConnections, 1, 1_000_000);
    checkRange("max-tcp-per-network", maxTcpPerNetwork, 1, 1_000_000);
    TCP_FRAME_TIMEOUT.check(tcpFrameTimeout);
    Objects.requireNonNull(rrl, "rrl");
  }

  /**
   * Response rate limiting (see {@link ResponseRateLimiter}).
   *
   * @param rate responses per second per client network and answer (0..1000000; 0 turns it off)
   * @param slip every slip-th limited response is sent truncated, the others dropped (0..10; 0 drops all)
   * @param exempt networks never limited, as {@code ADDRESS/PREFIX}
   */
  public record Rrl(int rate, int slip, List<String> exempt) {
    /** No rate limiting. */
    public static final Rrl OFF = new Rrl(0, 2, List.of());
    /** The default rate: 200 responses per second per /24 (or /56) and answer, as NSD ships it. */
    public static final int DEFAULT_RATE = 200;
    /** Loopback is exempt by default: local monitoring and benchmarks. */
    public static final List<String> DEFAULT_EXEMPT = List.of("127.0.0.0/8", "::1/128");
    public static final Rrl DEFAULTS = new Rrl(DEFAULT_RATE, 2, DEFAULT_EXEMPT);

    public Rrl {
      if (rate < 0 || rate > 1_000_000) {
        throw new IllegalArgumentException("rrl-rate: " + rate + " (expected: 0..1000000, 0 = off)");
      }
      if (slip < 0 || slip > 10) {
        throw new IllegalArgumentException("rrl-slip: " + slip + " (expected: 0..10)");
      }
      exempt = List.copyOf(exempt);
      NetworkList.parse(exempt);
    }
  }

  /**
   * Defaults for {@code listen}: one event loop and one UDP socket per core, 1232-byte payload, 10 s TCP idle
   * timeout, 1024 TCP connections of which at most 256 from one client network, 2 s to receive one message,
   * response rate limiting at 200/s with slip 2 and loopback exempt.
   */
  public static DnsConfig defaults(InetSocketAddress listen) {
    int cores = Runtime.getRuntime().availableProcessors();
    return new DnsConfig(
        listen, cores, cores, DEFAULT_ADVERTISED_PAYLOAD, Duration.ofSeconds(10), 1024, 256, Duration.ofSeconds(2),
        Rrl.DEFAULTS);
  }

  public DnsConfig withEventLoops(int n) {
    return new DnsConfig(listen, n, udpSockets, advertisedPayload, tcpIdleTimeout, maxTcpConnections,
        maxTcpPerNetwork, tcpFrameTimeout, rrl);
  }

  public DnsConfig withUdpSockets(int n) {
    return new DnsConfig(listen, eventLoops, n, advertisedPayload, tcpIdleTimeout, maxTcpConnections,
        maxTcpPerNetwork, tcpFrameTimeout, rrl);
  }

  public DnsConfig withAdvertisedPayload(int n) {
    return new DnsConfig(listen, eventLoops, udpSockets, n, tcpIdleTimeout, maxTcpConnections, maxTcpPerNetwork,
        tcpFrameTimeout, rrl);
  }

  public DnsConfig withTcpIdleTimeout(Duration d) {
    return new DnsConfig(listen, eventLoops, udpSockets, advertisedPayload, d, maxTcpConnections, maxTcpPerNetwork,
        tcpFrameTimeout, rrl);
  }

  public DnsConfig withMaxTcpConnections(int n) {
    return new DnsConfig(listen, eventLoops, udpSockets, advertisedPayload, tcpIdleTimeout, n, maxTcpPerNetwork,
        tcpFrameTimeout, rrl);
  }

  public DnsConfig withMaxTcpPerNetwork(int n) {
    return new DnsConfig(listen, eventLoops, udpSockets, advertisedPayload, tcpIdleTimeout, maxTcpConnections, n,
        tcpFrameTimeout, rrl);
  }

  public DnsConfig withTcpFrameTimeout(Duration d) {
    return new DnsConfig(listen, eventLoops, udpSockets, advertisedPayload, tcpIdleTimeout, maxTcpConnections,
        maxTcpPerNetwork, d, rrl);
  }

  public DnsConfig withRrl(Rrl r) {
    return new DnsConfig(listen, eventLoops, udpSockets, advertisedPayload, tcpIdleTimeout, maxTcpConnections,
        maxTcpPerNetwork, tcpFrameTimeout, r);
  }

  private static void checkRange(String setting, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(setting + ": " + value + " (expected: " + min + ".." + max + ")");
    }
  }
}
