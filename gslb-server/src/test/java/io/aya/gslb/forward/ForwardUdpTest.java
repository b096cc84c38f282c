package io.aya.gslb.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aya.gslb.zone.ForwardSpec;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** UDP flows: by client address and port, replies from the listener's address, idle timeout, fallback. */
@ExtendWith(LeakWatch.Extension.class)
class ForwardUdpTest {
  private final ForwardFixture f = new ForwardFixture();
  private final List<DatagramSocket> backends = new ArrayList<>();
  private UdpForwardListener listener;

  @AfterEach
  void close() {
    if (listener != null) {
      listener.close();
    }
    for (DatagramSocket s : backends) {
      s.close();
    }
    f.close();
  }

  /** A UDP backend that answers each datagram with its id followed by the datagram. */
  private InetSocketAddress backend(String host, int id) throws Exception {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(host, 0));
    backends.add(s);
    Thread t = new Thread(() -> {
      byte[] buf = new byte[2048];
      while (!s.isClosed()) {
        try {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          s.receive(p);
          byte[] out = new byte[p.getLength() + 1];
          out[0] = (byte) id;
          System.arraycopy(p.getData(), 0, out, 1, p.getLength());
          s.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
        } catch (Exception e) {
          // closed
        }
      }
    }, "udp-backend-" + id);
    t.setDaemon(true);
    t.start();
    return (InetSocketAddress) s.getLocalSocketAddress();
  }

  private void listen(ForwardSettings settings, List<InetSocketAddress> members, Map<String, List<InetSocketAddress>> others,
      ForwardSpec.FallbackMode fallback) throws Exception {
    ForwardSpec spec = new ForwardSpec(List.of(new ForwardSpec.Port(ForwardSpec.Protocol.UDP, 1)),
        ForwardSpec.Lb.ROUND_ROBIN, ForwardSpec.Proxy.NONE, fallback, 0);
    listener = new UdpForwardListener(ForwardFixture.TRANSPORT, f.group, new InetSocketAddress("127.0.0.1", 0), settings,
        f.health);
    f.listener = null;
    Map<String, MemberPool> pools = new HashMap<>();
    others.forEach((r, ms) -> pools.put(r, f.pool(listener, spec, r, ms, null)));
    listener.start(new ForwardRoute("dns.example.com", spec, f.pool(listener, spec, "a", members, null), pools,
        client -> List.of("a", "b")));
  }

  /** Sends {@code text} from {@code s}, returns the reply's id and checks it echoes the text from the listener. */
  private int ask(DatagramSocket s, String text) throws Exception {
    byte[] q = text.getBytes();
    s.send(new DatagramPacket(q, q.length, listener.localAddress()));
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    s.receive(p);
    assertThat(p.getSocketAddress()).isEqualTo(listener.localAddress());
    assertThat(Arrays.copyOfRange(p.getData(), 1, p.getLength())).isEqualTo(q);
    return p.getData()[0];
  }

  private static DatagramSocket client(String host) throws Exception {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0));
    s.setSoTimeout(3000);
    return s;
  }

  @Test
  void eachClientAddressAndPortIsOneFlowToOneMember() throws Exception {
    listen(ForwardSettings.DEFAULTS, List.of(backend("127.0.0.10", 1), backend("127.0.0.11", 2)), Map.of(),
        ForwardSpec.FallbackMode.NONE);
    try (DatagramSocket a = client("127.0.0.5"); DatagramSocket b = client("127.0.0.5")) {
      int first = ask(a, "a1");
      assertThat(ask(a, "a2")).isEqualTo(first);
      assertThat(ask(a, "a3")).isEqualTo(first);
      int other = ask(b, "b1");
      assertThat(other).isNotEqualTo(first);
      assertThat(ask(b, "b2")).isEqualTo(other);
      assertThat(listener.flows).hasSize(2);
      assertThat(listener.stats.total.sum()).isEqualTo(2);
      assertThat(listener.stats.bytesIn.sum()).isEqualTo(10);
      assertThat(listener.stats.bytesOut.sum()).isEqualTo(15);
    }
  }

  @Test
  void anIdleFlowIsForgottenAndTheNextDatagramStartsANewOne() throws Exception {
    listen(ForwardSettings.DEFAULTS.withUdpIdleTimeout(Duration.ofMillis(300)), List.of(backend("127.0.0.10", 1)),
        Map.of(), ForwardSpec.FallbackMode.NONE);
    try (DatagramSocket a = client("127.0.0.5")) {
      assertThat(ask(a, "x")).isEqualTo(1);
      await().atMost(Duration.ofSeconds(5)).until(() -> listener.flows.isEmpty());
      assertThat(listener.route().local().members[0].active.get()).isZero();
      assertThat(ask(a, "y")).isEqualTo(1);
      assertThat(listener.stats.total.sum()).isEqualTo(2);
    }
  }

  @Test
  void newFlowsGoToTheNextRegionWhenThePoolIsDownAndNowhereWithFallbackNone() throws Exception {
    InetSocketAddress local = backend("127.0.0.10", 1);
    listen(ForwardSettings.DEFAULTS, List.of(local), Map.of("b", List.of(backend("127.0.0.20", 9))),
        ForwardSpec.FallbackMode.NEXT_REGION);
    f.health.drained.add("a");
    try (DatagramSocket a = client("127.0.0.5")) {
      assertThat(ask(a, "x")).isEqualTo(9);
      assertThat(listener.stats.fallbacksByRegion()).containsEntry("b", 1L);
    }
  }
}
