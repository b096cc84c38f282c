package io.aya.gslb.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aya.gslb.zone.ForwardSpec;
import io.aya.gslb.zone.ForwardSpec.Lb;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bytes through the TCP forwarder: volume, backpressure, half-close, failures, fallback, PROXY, drain. */
@ExtendWith(LeakWatch.Extension.class)
class ForwardTransferTest {
  private ForwardFixture f;

  @BeforeEach
  void fixture() {
    f = newFixture();
  }

  /** The forwarder under test: on the platform's best transport (epoll on Linux); see ForwardTransferNioTest. */
  ForwardFixture newFixture() {
    return new ForwardFixture();
  }

  @AfterEach
  void close() {
    f.close();
  }

  private static ForwardSpec spec(ForwardSpec.Proxy proxy, ForwardSpec.FallbackMode fallback) {
    return new ForwardSpec(List.of(new ForwardSpec.Port(ForwardSpec.Protocol.TCP, 1)), Lb.ROUND_ROBIN, proxy,
        fallback, 0);
  }

  /** A deterministic byte stream: {@code i * 31 + 7} truncated. */
  private static void fill(byte[] buf, long offset) {
    for (int i = 0; i < buf.length; i++) {
      buf[i] = (byte) ((offset + i) * 31 + 7);
    }
  }

  /** What one echoed transfer sent and got back: byte counts and CRC-32s. */
  private record Echoed(long sent, long sentCrc, long got, long gotCrc) {}

  /**
   * Sends {@code total} bytes through the forwarder to an echo member and half-closes, while reading the echo
   * in chunks of at most {@code readChunk} bytes until the FIN.
   */
  private Echoed echo(long total, int receiveBuffer, int readChunk) throws Exception {
    try (Socket s = new Socket()) {
      if (receiveBuffer > 0) {
        s.setReceiveBufferSize(receiveBuffer);
      }
      s.connect(f.listener.localAddress());
      s.setSoTimeout(30_000);
      CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> {
        try {
          OutputStream out = s.getOutputStream();
          byte[] buf = new byte[64 * 1024];
          CRC32 crc = new CRC32();
          for (long off = 0; off < total; off += buf.length) {
            fill(buf, off);
            crc.update(buf);
            out.write(buf);
          }
          s.shutdownOutput();
          return crc.getValue();
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      InputStream in = s.getInputStream();
      byte[] buf = new byte[readChunk];
      CRC32 crc = new CRC32();
      long got = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        crc.update(buf, 0, n);
        got += n;
      }
      return new Echoed(total, sent.get(), got, crc.getValue());
    }
  }

  @Test
  void aGibibyteCrossesByteExactBothWays() throws Exception {
    TcpBackend echo = f.backend("127.0.0.10", TcpBackend.Mode.ECHO, 0);
    f.listen(ForwardSettings.DEFAULTS, ForwardFixture.spec(Lb.ROUND_ROBIN), List.of(echo), null);
    long total = 1L << 30;
    Echoed e = echo(total, 0, 64 * 1024);
    // client to member: what the member received; member to client: what came back
    assertThat(echo.receivedBytes()).isEqualTo(total);
    assertThat(echo.receivedCrc()).isEqualTo(e.sentCrc());
    assertThat(e.got()).isEqualTo(total);
    assertThat(e.gotCrc()).isEqualTo(e.sentCrc());
    ForwardMember m = f.listener.route().local().members[0];
    assertThat(m.bytesIn.sum()).isEqualTo(total);
    assertThat(m.bytesOut.sum()).isEqualTo(total);
  }

  @Test
  void aClientThatHalfClosesWhileTheReplyStillStreamsGetsEveryByte() throws Exception {
    // the ~17 MB lost under load: after the client's FIN the reply still streams into a small, slowly read
    // receive buffer, so the client side has to wait for its socket again and again (on Netty 4.2's epoll
    // transport that failed and cut the reply short with a FIN)
    TcpBackend echo = f.backend("127.0.0.10", TcpBackend.Mode.ECHO, 0);
    f.listen(ForwardSettings.DEFAULTS, ForwardFixture.spec(Lb.ROUND_ROBIN), List.of(echo), null);
    for (int round = 0; round < 4; round++) {
      Echoed e = echo(16L << 20, 16 * 1024, 8 * 1024);
      assertThat(e.got()).as("round %d", round).isEqualTo(e.sent());
      assertThat(e.gotCrc()).as("round %d", round).isEqualTo(e.sentCrc());
    }
    assertThat(echo.receivedBytes()).isEqualTo(4 * (16L << 20));
  }

  @Test
  void aSlowReaderStallsTheMemberInsteadOfGrowingBuffers() throws Exception {
    TcpBackend source = f.backend("127.0.0.10", TcpBackend.Mode.SOURCE, 0);
    f.listen(ForwardSettings.DEFAULTS, ForwardFixture.spec(Lb.ROUND_ROBIN), List.of(source), null);
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(64 * 1024);
      s.connect(f.listener.localAddress());
      ForwardMember m = f.listener.route().local().members[0];
      // never read: the forwarded byte count must settle (socket buffers full, the member not read)
      long[] last = {-1};
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
        long now = m.bytesOut.sum();
        boolean settled = now > 0 && now == last[0];
        last[0] = now;
        return settled;
      });
      assertThat(m.bytesOut.sum()).isLessThan(32L << 20);
      long direct = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
      assertThat(direct).isLessThan(64L << 20);
      // and the connection still works: reading drains it and more follows
      InputStream in = s.getInputStream();
      byte[] buf = new byte[1 << 20];
      long read = 0;
      while (read < (64L << 20)) {
        read += in.read(buf);
      }
      assertThat(m.bytesOut.sum()).isGreaterThan(last[0]);
    }
  }

  @Test
  void aHalfCloseFromTheClientStillGetsTheWholeReplyAndThenAFin() throws Exception {
    TcpBackend echo = f.backend("127.0.0.10", TcpBackend.Mode.ECHO, 0);
    f.listen(ForwardSettings.DEFAULTS, ForwardFixture.spec(Lb.ROUND_ROBIN), List.of(echo), null);
    try (Socket s = new Socket()) {
      s.connect(f.listener.localAddress());
      s.setSoTimeout(5000);
      byte[] msg = new byte[300_000];
      fill(msg, 0);
      s.getOutputStream().write(msg);
      s.shutdownOutput();
      byte[] got = s.getInputStream().readAllBytes();
      assertThat(got).isEqualTo(msg);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> f.listener.stats.active.get() == 0);
  }

  @Test
  void aHalfCloseFromTheMemberLetsTheClientKeepSending() throws Exception {
    // the member answers and sends its FIN at once; the client then still sends, and the member reads it
    try (ServerSocket member = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.10"))) {
      f.listen(ForwardSettings.DEFAULTS, ForwardFixture.spec(Lb.ROUND_ROBIN), List.of(), null);
      f.listener.route(f.route(ForwardFixture.spec(Lb.ROUND_ROBIN), "a",
          List.of((InetSocketAddress) member.getLocalSocketAddress()), null, Map.of(), ForwardRoute.RegionOrder.NONE));
      try (Socket c = new Socket()) {
        c.connect(f.listener.localAddress());
        c.setSoTimeout(5000);
        try (Socket m = member.accept()) {
          m.setSoTimeout(5000);
          m.getOutputStream().write("bye".getBytes());
          m.shutdownOutput();
          assertThat(c.getInputStream().readAllBytes()).isEqualTo("bye".getBytes());
          c.getOutputStream().write("still here".getBytes());
          c.shutdownOutput();
          assertThat(m.getInputStream().readAllBytes()).isEqualTo("still here".getBytes());
        }
      }
    }
  }

  @Test
  void aFailedConnectIsRetriedOnAnotherMemberAndRepeatedFailuresEjectTheMember() throws Exception {
    TcpBackend good = f.backend("127.0.0.10", TcpBackend.Mode.ID, 1);
    InetSocketAddress dead = closedPort("127.0.0.11");
    f.listen(ForwardSettings.DEFAULTS, ForwardFixture.spec(Lb.ROUND_ROBIN), List.of(), null);
    f.listener.route(f.route(ForwardFixture.spec(Lb.ROUND_ROBIN), "a", List.of(dead, good.address), null, Map.of(),
        ForwardRoute.RegionOrder.NONE));
    // one after another: with parallel clients, connects already under way when the member is ejected fail too
    int[] ids = new int[20];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = f.fetchId(null);
    }
    assertThat(ids).containsOnly(1);
    ForwardMember deadMember = f.listener.route().local().members[0];
    // 3 in a row eject it; after that it gets no more tries
    assertThat(deadMember.connectFailures.sum()).isEqualTo(3);
    assertThat(deadMember.ejections.sum()).isEqualTo(1);
  }

  @Test
  void anEjectedMemberIsLetInAgainWhenItAnswersAfterTheRetryTime() throws Exception {
    InetSocketAddress dead = closedPort("127.0.0.11");
    f.listen(ForwardSettings.DEFAULTS.withEjectAfter(1), ForwardFixture.spec(Lb.ROUND_ROBIN), List.of(), null);
    f.listener.route(f.route(ForwardFixture.spec(Lb.ROUND_ROBIN), "a", List.of(dead), null, Map.of(),
        ForwardRoute.RegionOrder.NONE));
    assertThat(f.fetchId(null)).isEqualTo(-2);
    ForwardMember m = f.listener.route().local().members[0];
    assertThat(m.ejectedAtMillis).isPositive();
    // without an active check, the member is tried again once the retry time passed
    m.ejectedAtMillis -= ForwardSettings.DEFAULTS.ejectRetry().toMillis();
    assertThat(m.ejected(f.health, System.currentTimeMillis(), ForwardSettings.DEFAULTS.ejectRetry().toMillis()))
        .isFalse();
  }

  @Test
  void fallbackNoneResetsAtOnceWhenThePoolIsDown() throws Exception {
    TcpBackend b = f.backend("127.0.0.10", TcpBackend.Mode.ID, 0);
    f.listen(ForwardSettings.DEFAULTS, spec(ForwardSpec.Proxy.NONE, ForwardSpec.FallbackMode.NONE), List.of(b), null);
    f.health.down.add(ForwardFixture.key("a", b.address));
    try (Socket s = new Socket()) {
      s.connect(f.listener.localAddress());
      s.setSoTimeout(2000);
      assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
    }
    assertThat(f.listener.stats.refused.sum()).isEqualTo(1);
  }

  @Test
  void fallbackNextRegionForwardsToTheNextRegionsPoolAndCountsIt() throws Exception {
    TcpBackend local = f.backend("127.0.0.10", TcpBackend.Mode.ID, 0);
    TcpBackend remote = f.backend("127.0.0.20", TcpBackend.Mode.ID, 7);
    f.listen(ForwardSettings.DEFAULTS, ForwardFixture.spec(Lb.ROUND_ROBIN), List.of(local), null);
    f.listener.route(f.route(ForwardFixture.spec(Lb.ROUND_ROBIN), "a", List.of(local.address), null,
        Map.of("b", List.of(remote.address)), client -> List.of("a", "b")));
    assertThat(f.fetchId(null)).isZero();
    f.health.drained.add("a");
    assertThat(f.fetchIds(10, null)).containsOnly(7);
    assertThat(f.listener.stats.fallbacks.sum()).isEqualTo(10);
    assertThat(f.listener.stats.fallbacksByRegion()).containsEntry("b", 10L);
  }

  @Test
  void proxyProtocolHeadersTellTheMemberTheClientsAddress() throws Exception {
    TcpBackend b = f.backend("127.0.0.10", TcpBackend.Mode.PROXY_ID, 3);
    for (ForwardSpec.Proxy p : List.of(ForwardSpec.Proxy.V1, ForwardSpec.Proxy.V2)) {
      if (f.listener == null) {
        f.listen(ForwardSettings.DEFAULTS, spec(p, ForwardSpec.FallbackMode.NONE), List.of(b), null);
      } else {
        f.listener.route(f.route(spec(p, ForwardSpec.FallbackMode.NONE), "a", List.of(b.address), null, Map.of(),
            ForwardRoute.RegionOrder.NONE));
      }
      try (Socket s = new Socket()) {
        s.bind(new InetSocketAddress("127.0.0.5", 0));
        s.connect(f.listener.localAddress());
        s.setSoTimeout(5000);
        assertThat(s.getInputStream().read()).isEqualTo(3);
        HAProxyMessage h = b.proxyHeaders.get(b.proxyHeaders.size() - 1);
        assertThat(h.protocolVersion())
            .isEqualTo(p == ForwardSpec.Proxy.V1 ? HAProxyProtocolVersion.V1 : HAProxyProtocolVersion.V2);
        assertThat(h.sourceAddress()).isEqualTo("127.0.0.5");
        assertThat(h.sourcePort()).isEqualTo(s.getLocalPort());
        assertThat(h.destinationPort()).isEqualTo(f.listener.localAddress().getPort());
        h.release();
      }
    }
  }

  @Test
  void aDrainedMemberFinishesOpenTransfersWhileNewOnesGoElsewhereUntilTheDrainTimeout() throws Exception {
    TcpBackend a = f.backend("127.0.0.10", TcpBackend.Mode.ECHO, 0);
    TcpBackend b = f.backend("127.0.0.11", TcpBackend.Mode.ID, 1);
    f.listen(ForwardSettings.DEFAULTS.withDrainTimeout(Duration.ofSeconds(2)), ForwardFixture.spec(Lb.ROUND_ROBIN),
        List.of(a), null);
    try (Socket open = new Socket()) {
      open.connect(f.listener.localAddress());
      open.setSoTimeout(5000);
      open.getOutputStream().write("ping".getBytes());
      assertThat(open.getInputStream().readNBytes(4)).isEqualTo("ping".getBytes());
      f.listener.route(f.route(ForwardFixture.spec(Lb.ROUND_ROBIN), "a", List.of(a.address, b.address), null,
          Map.of(), ForwardRoute.RegionOrder.NONE));
      f.health.down.add(ForwardFixture.key("a", a.address));
      assertThat(f.fetchIds(5, null)).containsOnly(1);
      // the open transfer still works while draining
      open.getOutputStream().write("ping".getBytes());
      assertThat(open.getInputStream().readNBytes(4)).isEqualTo("ping".getBytes());
      // and is closed once the drain timeout passed
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        try {
          return open.getInputStream().read() == -1;
        } catch (SocketException e) {
          return true;
        }
      });
    }
  }

  @Test
  void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    TcpBackend echo = f.backend("127.0.0.10", TcpBackend.Mode.ECHO, 0);
    f.listen(ForwardSettings.DEFAULTS.withIdleTimeout(Duration.ofMillis(500)), ForwardFixture.spec(Lb.ROUND_ROBIN),
        List.of(echo), null);
    try (Socket s = new Socket()) {
      s.connect(f.listener.localAddress());
      s.setSoTimeout(5000);
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> echo.open.isEmpty());
  }

  @Test
  void theListenerLimitRefusesConnectionsBeyondIt() throws Exception {
    TcpBackend hold = f.backend("127.0.0.10", TcpBackend.Mode.HOLD_ID, 4);
    f.listen(ForwardSettings.DEFAULTS.withMaxConnections(2), ForwardFixture.spec(Lb.ROUND_ROBIN), List.of(hold), null);
    int[] id = new int[1];
    try (Socket one = ForwardFixture.hold(f.listener.localAddress(), id);
        Socket two = ForwardFixture.hold(f.listener.localAddress(), id)) {
      assertThat(f.fetchId(null)).isEqualTo(-2);
      assertThat(f.listener.stats.refused.sum()).isEqualTo(1);
    }
  }

  private static InetSocketAddress closedPort(String host) throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
      return (InetSocketAddress) s.getLocalSocketAddress();
    }
  }
}
