package io.aya.gslb.forward;

import io.aya.gslb.policy.TestHealthView;
import io.aya.gslb.zone.ForwardSpec;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * A forwarding listener on 127.0.0.1 with real backends on other loopback addresses, for the forwarding
 * tests. Backends' endpoint keys are {@code "region/host:port"} so the test can mark them down.
 */
final class ForwardFixture implements AutoCloseable {
  static final ForwardTransport TRANSPORT = ForwardTransport.best();

  final ForwardTransport transport;
  final EventLoopGroup group;
  /** Backends run on NIO whatever the forwarder's transport ({@link TcpBackend#start}). */
  final EventLoopGroup backendGroup = ForwardTransport.NIO.newGroup(1);
  final TestHealthView health = new TestHealthView();
  final List<TcpBackend> backends = new ArrayList<>();
  TcpForwardListener listener;

  /** The forwarder on the platform's best transport (epoll on Linux). */
  ForwardFixture() {
    this(TRANSPORT);
  }

  ForwardFixture(ForwardTransport transport) {
    this.transport = transport;
    this.group = transport.newGroup(2);
  }

  TcpBackend backend(String host, TcpBackend.Mode mode, int id) throws InterruptedException {
    TcpBackend b = TcpBackend.start(backendGroup, host, mode, id);
    backends.add(b);
    return b;
  }

  static String key(String region, InetSocketAddress a) {
    return region + "/" + a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /** A pool of the given backends, weights in the same order (null: all 1). */
  MemberPool pool(ForwardListener l, ForwardSpec spec, String region, List<InetSocketAddress> members, int[] weights) {
    List<ForwardMember> ms = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      InetSocketAddress a = members.get(i);
      ms.add(l.member(region, a, weights == null ? 1 : weights[i], key(region, a)));
    }
    return new MemberPool(region, ms, Balancer.of(spec.lb()), spec.memberLimit());
  }

  static ForwardSpec spec(ForwardSpec.Lb lb) {
    return new ForwardSpec(List.of(new ForwardSpec.Port(ForwardSpec.Protocol.TCP, 1)), lb, ForwardSpec.Proxy.NONE,
        ForwardSpec.FallbackMode.NEXT_REGION, 0);
  }

  /** Starts a TCP listener on 127.0.0.1:0 forwarding {@code spec} to {@code local} in region "a". */
  TcpForwardListener listen(ForwardSettings settings, ForwardSpec spec, List<TcpBackend> local, int[] weights)
      throws InterruptedException {
    listener = new TcpForwardListener(transport, group, new InetSocketAddress("127.0.0.1", 0), settings, health);
    listener.start(route(spec, "a", addresses(local), weights, Map.of(), ForwardRoute.RegionOrder.NONE));
    return listener;
  }

  ForwardRoute route(ForwardSpec spec, String region, List<InetSocketAddress> local, int[] weights,
      Map<String, List<InetSocketAddress>> others, ForwardRoute.RegionOrder order) {
    Map<String, MemberPool> pools = new HashMap<>();
    others.forEach((r, ms) -> pools.put(r, pool(listener, spec, r, ms, null)));
    return new ForwardRoute("www.example.com", spec, pool(listener, spec, region, local, weights), pools, order);
  }

  static List<InetSocketAddress> addresses(List<TcpBackend> bs) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (TcpBackend b : bs) {
      out.add(b.address);
    }
    return out;
  }

  /** Connects through the listener (from {@code from}, or any address), reads the backend's id byte. */
  int fetchId(InetAddress from) throws IOException {
    try (Socket s = new Socket()) {
      if (from != null) {
        s.bind(new InetSocketAddress(from, 0));
      }
      s.connect(listener.localAddress(), 5000);
      s.setSoTimeout(5000);
      return s.getInputStream().read();
    } catch (SocketException reset) {
      return -2;
    }
  }

  /**
   * Runs {@code n} fetches on 16 threads; client {@code i} connects from {@code from.apply(i)}. Returns the
   * id each got, by client index.
   */
  int[] fetchIds(int n, IntFunction<InetAddress> from) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> fs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int k = i;
        fs.add(pool.submit(() -> fetchId(from == null ? null : from.apply(k))));
      }
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        out[i] = fs.get(i).get();
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Opens a connection that stays open; reads the id byte into {@code ids}. */
  static Socket hold(InetSocketAddress proxy, int[] id) throws IOException {
    Socket s = new Socket();
    s.connect(proxy, 5000);
    s.setSoTimeout(5000);
    InputStream in = s.getInputStream();
    id[0] = in.read();
    return s;
  }

  static int[] histogram(int[] ids, int buckets) {
    int[] h = new int[buckets];
    for (int id : ids) {
      if (id >= 0 && id < buckets) {
        h[id]++;
      }
    }
    return h;
  }

  @Override
  public void close() {
    if (listener != null) {
      listener.close();
    }
    for (TcpBackend b : backends) {
      b.close();
    }
    group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    backendGroup.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
