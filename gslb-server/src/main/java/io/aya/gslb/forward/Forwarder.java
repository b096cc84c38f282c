package io.aya.gslb.forward;

import io.aya.gslb.health.HealthView;
import io.aya.gslb.health.HealthViewSource;
import io.aya.gslb.zone.AddressText;
import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.Endpoint;
import io.aya.gslb.zone.ForwardSpec;
import io.aya.gslb.zone.Pool;
import io.aya.gslb.zone.PoolMember;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's L4 forwarder (docs/forwarding.md): for every {@code $FORWARD} port of every forwarded name that
 * has a pool in this node's region, a listener on the node's forward address that forwards to that pool's
 * members (and, with {@code fallback=next-region}, to the next region's pool). Follows zone publications
 * ({@link #onZones}): new ports are bound, changed pools take effect for new connections, removed ports stop
 * accepting and their open connections get the drain timeout. Reads health from the same snapshot as the
 * answer path; never touches the cluster per connection.
 *
 * <p>A port is one listener: when two forwarded names with pools in this region claim the same
 * protocol and port, the first (by zone, then name) gets it and the other is reported with an error.
 *
 * <p>Thread-safe; {@link #onZones} and {@link #close} are serialized.
 */
public final class Forwarder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

  private final String node;
  private final String region;
  private final InetAddress address;
  private final ForwardSettings settings;
  private final HealthViewSource health;
  private final RegionRanker ranker;
  private final ForwardTransport transport = ForwardTransport.best();
  private final EventLoopGroup group;
  private final ForwardMetrics metrics;
  private final Map<ForwardSpec.Port, Slot> slots = new LinkedHashMap<>();
  private boolean closed;

  /** A port as this node serves it: the listener, or why there is none. */
  private record Slot(String name, ForwardSpec spec, ForwardListener listener, String error) {}

  /** A forwarded name that wants a port here. */
  private record Want(BalancedName name, String zone) {}

  public Forwarder(
      String node,
      String region,
      InetAddress address,
      ForwardSettings settings,
      HealthViewSource health,
      RegionRanker ranker,
      MeterRegistry meters,
      int eventLoops) {
    this.node = Objects.requireNonNull(node, "node");
    this.region = Objects.requireNonNull(region, "region");
    this.address = Objects.requireNonNull(address, "address");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.health = Objects.requireNonNull(health, "health");
    this.ranker = Objects.requireNonNull(ranker, "ranker");
    this.group = transport.newGroup(eventLoops);
    this.metrics = new ForwardMetrics(meters);
    log.info("L4 forwarder of region {} on {} ({} transport)", region, AddressText.of(address), transport);
  }

  public String region() {
    return region;
  }

  public InetAddress address() {
    return address;
  }

  /** Binds, re-routes and unbinds listeners to match the forwarded names of {@code zones}. */
  public synchronized void onZones(ZoneSet zones) {
    if (closed) {
      return;
    }
    Map<ForwardSpec.Port, Want> wanted = new LinkedHashMap<>();
    Map<ForwardSpec.Port, String> conflicts = new HashMap<>();
    for (Zone zone : zones.zones()) {
      List<BalancedName> names = new ArrayList<>(zone.balancedNames());
      names.sort(Comparator.comparing(BalancedName::name));
      for (BalancedName bn : names) {
        if (bn.forward() == null || pool(bn, region) == null) {
          continue;
        }
        for (ForwardSpec.Port port : bn.forward().ports()) {
          Want first = wanted.putIfAbsent(port, new Want(bn, zone.origin().toString(true)));
          if (first != null) {
            conflicts.put(port, bn.name() + ": " + port + " is already forwarded for " + first.name().name());
          }
        }
      }
    }
    for (Map.Entry<ForwardSpec.Port, Slot> e : new ArrayList<>(slots.entrySet())) {
      if (!wanted.containsKey(e.getKey())) {
        retire(e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<ForwardSpec.Port, Want> e : wanted.entrySet()) {
      apply(e.getKey(), e.getValue(), conflicts.get(e.getKey()));
    }
    metrics.update(currentListeners());
  }

  private void apply(ForwardSpec.Port port, Want want, String conflict) {
    if (conflict != null) {
      log.warn("$FORWARD {}", conflict);
    }
    Slot have = slots.get(port);
    String name = want.name().name().toString();
    ForwardSpec spec = want.name().forward();
    if (have != null && have.listener() != null) {
      have.listener().route(route(have.listener(), want, port));
      slots.put(port, new Slot(name, spec, have.listener(), conflict));
      return;
    }
    InetSocketAddress bind = new InetSocketAddress(address, port.port());
    ForwardListener l = port.protocol() == ForwardSpec.Protocol.TCP
        ? new TcpForwardListener(transport, group, bind, settings, health)
        : new UdpForwardListener(transport, group, bind, settings, health);
    try {
      l.start(route(l, want, port));
      slots.put(port, new Slot(name, spec, l, conflict));
      log.info("forwarding {} {} on {} to region {}'s pool", name, port.protocol().word(),
          AddressText.of(l.localAddress()), region);
    } catch (Exception e) {
      l.close();
      String why = "cannot listen on " + AddressText.of(bind) + ": " + e.getMessage();
      log.error("$FORWARD {} {}: {}", name, port, why);
      slots.put(port, new Slot(name, spec, null, why));
    }
  }

  /** Stops accepting on a port no name forwards any more; its open connections get the drain timeout. */
  private void retire(ForwardSpec.Port port, Slot slot) {
    slots.remove(port);
    ForwardListener l = slot.listener();
    if (l == null) {
      return;
    }
    log.info("no longer forwarding {} on port {}: open connections get {}", slot.name(), port, settings.drainTimeout());
    l.close();
    group.schedule(() -> {
      for (ForwardMember m : l.allMembers()) {
        l.closeConnections(m);
      }
    }, settings.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private ForwardRoute route(ForwardListener l, Want want, ForwardSpec.Port port) {
    BalancedName bn = want.name();
    ForwardSpec spec = bn.forward();
    MemberPool local = null;
    Map<String, MemberPool> others = new HashMap<>();
    for (Pool p : bn.pools()) {
      List<ForwardMember> ms = new ArrayList<>();
      String r = p.region().name();
      for (PoolMember pm : p.members()) {
        String key = p.check() == null ? null : Endpoint.keyOf(want.zone(), p.check().name(), pm.address());
        ms.add(l.member(r, new InetSocketAddress(pm.address(), port.port()), pm.weight(), key));
      }
      MemberPool mp = new MemberPool(r, ms, Balancer.of(spec.lb()), spec.memberLimit());
      if (r.equals(region)) {
        local = mp;
      } else {
        others.put(r, mp);
      }
    }
    return new ForwardRoute(bn.name().toString(), spec, local, others, client -> ranker.regions(bn, client));
  }

  private static Pool pool(BalancedName bn, String region) {
    for (Pool p : bn.pools()) {
      if (p.region().name().equals(region)) {
        return p;
      }
    }
    return null;
  }

  private synchronized List<ForwardListener> currentListeners() {
    List<ForwardListener> out = new ArrayList<>();
    for (Slot s : slots.values()) {
      if (s.listener() != null) {
        out.add(s.listener());
      }
    }
    return out;
  }

  /** The bound address of a port's listener, or null when it does not run (tests, logs). */
  public synchronized InetSocketAddress listening(ForwardSpec.Protocol protocol, int port) {
    Slot s = slots.get(new ForwardSpec.Port(protocol, port));
    return s == null || s.listener() == null ? null : s.listener().localAddress();
  }

  /** Listeners, members and counters for {@code GET /api/v1/forwarders}. */
  public synchronized ForwardersReport report() {
    HealthView view = health.current();
    long now = System.currentTimeMillis();
    List<ForwardersReport.Listener> out = new ArrayList<>();
    for (Map.Entry<ForwardSpec.Port, Slot> e : slots.entrySet()) {
      ForwardSpec.Port port = e.getKey();
      Slot s = e.getValue();
      ForwardSpec spec = s.spec();
      ForwardListener l = s.listener();
      List<ForwardersReport.Member> members = new ArrayList<>();
      InetSocketAddress listen = new InetSocketAddress(address, port.port());
      if (l != null) {
        listen = l.localAddress();
        ForwardRoute r = l.route();
        List<ForwardMember> current = l.routeMembers();
        for (ForwardMember m : l.allMembers()) {
          MemberPool pool = m.region.equals(region) ? r.local() : r.others().get(m.region);
          members.add(member(m, pool, current.contains(m), view, now));
        }
      }
      ListenerStats st = l == null ? new ListenerStats() : l.stats;
      out.add(new ForwardersReport.Listener(s.name(), port.protocol().word(), port.port(),
          AddressText.of(listen), s.error(), spec.lb().word(),
          spec.proxy().name().toLowerCase(java.util.Locale.ROOT),
          spec.fallback() == ForwardSpec.FallbackMode.NONE ? "none" : "next-region",
          st.active.get(), st.total.sum(), st.refused.sum(), st.bytesIn.sum(), st.bytesOut.sum(), st.fallbacks.sum(),
          st.fallbacksByRegion(), members));
    }
    return new ForwardersReport(node, region, AddressText.of(address), out);
  }

  private ForwardersReport.Member member(ForwardMember m, MemberPool pool, boolean current, HealthView view, long now) {
    String state;
    if (!current) {
      state = "retired";
    } else if (view.regionDrained(m.region)) {
      state = "drained";
    } else if (!m.upFor(view)) {
      state = "down";
    } else if (m.ejectedAtMillis != 0 && m.ejected(view, now, settings.ejectRetry().toMillis())) {
      state = "ejected";
    } else if (pool != null && pool.memberLimit > 0 && m.active.get() >= pool.memberLimit) {
      state = "full";
    } else {
      state = "up";
    }
    double ewma = m.connectEwmaNanos;
    return new ForwardersReport.Member(m.region, AddressText.of(m.address.getAddress()), m.address.getPort(), m.weight,
        m.region.equals(region), state, m.active.get(), m.total.sum(), m.bytesIn.sum(), m.bytesOut.sum(),
        m.connectFailures.sum(), m.ejections.sum(), Double.isNaN(ewma) ? null : Math.round(ewma / 1e3) / 1e3);
  }

  /**
   * Stops accepting on every port, gives open connections up to the drain timeout to finish, then closes
   * them and the event loops. Idempotent.
   */
  @Override
  public void close() {
    List<ForwardListener> ls;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      ls = currentListeners();
      slots.clear();
    }
    for (ForwardListener l : ls) {
      l.close();
    }
    long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
    for (ForwardListener l : ls) {
      while (l.openCount() > 0 && System.nanoTime() < deadline) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    metrics.update(List.of());
    group.shutdownGracefully(0, Duration.ofSeconds(1).toMillis(), TimeUnit.MILLISECONDS).syncUninterruptibly();
  }
}
