package io.aya.gslb.forward;

import io.aya.gslb.health.HealthView;
import io.aya.gslb.health.HealthViewSource;
import io.aya.gslb.zone.ForwardSpec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the TCP and UDP listeners share: the bound address, the swappable {@link ForwardRoute}, the members
 * by identity across reloads, counters, and drain (a member that stops taking new connections keeps its open
 * ones for {@link ForwardSettings#drainTimeout()}, then they are closed). Thread-safe.
 */
abstract class ForwardListener implements AutoCloseable {
  final ForwardTransport transport;
  final EventLoopGroup group;
  final InetSocketAddress bind;
  final ForwardSettings settings;
  final HealthViewSource health;
  final ListenerStats stats = new ListenerStats();
  /** Every member this listener forwards or forwarded to, by {@link ForwardMember#key()}. */
  private final Map<String, ForwardMember> members = new ConcurrentHashMap<>();
  private volatile ForwardRoute route;
  private volatile Channel channel;
  private ScheduledFuture<?> sweeper;

  ForwardListener(
      ForwardTransport transport, EventLoopGroup group, InetSocketAddress bind, ForwardSettings settings,
      HealthViewSource health) {
    this.transport = transport;
    this.group = group;
    this.bind = bind;
    this.settings = settings;
    this.health = health;
  }

  abstract ForwardSpec.Protocol protocol();

  /** Binds the socket; returns the bound channel. */
  abstract Channel bindChannel() throws InterruptedException;

  /** Closes every open connection (or flow) of the member now. */
  final void closeConnections(ForwardMember m) {
    for (Channel c : m.connections) {
      c.close();
    }
  }

  /** Open connections (or flows) of the listener. */
  abstract int openCount();

  final void start(ForwardRoute initial) throws InterruptedException {
    route = initial;
    channel = bindChannel();
    long period = Math.max(100, Math.min(1000, settings.drainTimeout().toMillis() / 4));
    sweeper = group.next().scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  /** The address actually bound (the real port when 0 was asked for). */
  final InetSocketAddress localAddress() {
    Channel c = channel;
    return c == null ? bind : (InetSocketAddress) c.localAddress();
  }

  final ForwardRoute route() {
    return route;
  }

  /** Forwards new connections by {@code next} from now on; open ones stay where they are. */
  final void route(ForwardRoute next) {
    route = next;
  }

  /**
   * The member object for this identity: the existing one when nothing it is built from changed (so
   * counters and open connections carry over), else a new one.
   */
  final ForwardMember member(String region, InetSocketAddress address, int weight, String endpointKey) {
    String key = ForwardMember.key(region, address);
    ForwardMember have = members.get(key);
    if (have != null && have.weight == weight && java.util.Objects.equals(have.endpointKey, endpointKey)) {
      return have;
    }
    ForwardMember m = new ForwardMember(region, address, weight, endpointKey);
    members.put(key, m);
    if (have != null) {
      retired.add(have);
    }
    return m;
  }

  /** Members replaced or dropped by a reload, kept until their open connections are gone. */
  private final Set<ForwardMember> retired = ConcurrentHashMap.newKeySet();

  /** Every current member of the route (local pool first). */
  final List<ForwardMember> routeMembers() {
    ForwardRoute r = route;
    List<ForwardMember> out = new ArrayList<>();
    if (r == null) {
      return out;
    }
    out.addAll(List.of(r.local().members));
    for (MemberPool p : r.others().values()) {
      out.addAll(List.of(p.members));
    }
    return out;
  }

  /** Every member with counters: the route's plus retired ones still holding connections. */
  final List<ForwardMember> allMembers() {
    List<ForwardMember> out = routeMembers();
    for (ForwardMember m : retired) {
      if (!out.contains(m)) {
        out.add(m);
      }
    }
    return out;
  }

  /** Drain bookkeeping, every fraction of the drain timeout. */
  private void sweep() {
    long now = System.currentTimeMillis();
    HealthView view = health.current();
    List<ForwardMember> current = routeMembers();
    for (ForwardMember m : members.values()) {
      if (!current.contains(m)) {
        members.remove(m.key(), m);
        retired.add(m);
      }
    }
    for (ForwardMember m : current) {
      drain(m, m.upFor(view), now);
    }
    for (ForwardMember m : retired) {
      if (m.connections.isEmpty() && m.active.get() == 0) {
        retired.remove(m);
      } else {
        drain(m, false, now);
      }
    }
  }

  private void drain(ForwardMember m, boolean open, long now) {
    if (open) {
      m.closedSinceMillis = 0;
      return;
    }
    long since = m.closedSinceMillis;
    if (since == 0) {
      m.closedSinceMillis = now;
    } else if (now - since >= settings.drainTimeout().toMillis() && !m.connections.isEmpty()) {
      closeConnections(m);
    }
  }

  /** Stops accepting at once; open connections are closed by the event loops' shutdown. */
  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.cancel(false);
    }
    Channel c = channel;
    if (c != null) {
      c.close().syncUninterruptibly();
    }
  }

  /** Sends a TCP RST: linger 0, then close. */
  static void reset(Channel ch) {
    if (ch.isActive()) {
      try {
        ch.config().setOption(ChannelOption.SO_LINGER, 0);
      } catch (ChannelException e) {
        // closing anyway
      }
    }
    ch.close();
  }
}
