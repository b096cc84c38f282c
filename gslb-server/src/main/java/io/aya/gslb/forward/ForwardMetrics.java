package io.aya.gslb.forward;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prometheus meters per listener ({@code aya_forward_listener_*}, tag {@code listener="tcp:443"}) and per
 * member ({@code aya_forward_member_*}, tags {@code listener}, {@code region}, {@code member}: {@code 192.0.2.10:443}
 * or {@code [2001:db8::10]:443}, RFC 5952), registered when
 * a listener or member appears and removed when it is gone. Not thread-safe: {@link Forwarder} serializes it.
 */
final class ForwardMetrics {
  private final MeterRegistry registry;
  /** Meters by the object they read, so a replaced object gets fresh meters. */
  private final Map<Object, List<Meter>> meters = new HashMap<>();

  ForwardMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void update(List<ForwardListener> listeners) {
    Set<Object> live = new HashSet<>();
    for (ForwardListener l : listeners) {
      String name = l.protocol().word() + ":" + l.localAddress().getPort();
      live.add(l);
      meters.computeIfAbsent(l, k -> listener(l, Tags.of("listener", name)));
      for (ForwardMember m : l.allMembers()) {
        live.add(m);
        meters.computeIfAbsent(m, k -> member(m, Tags.of("listener", name, "region", m.region, "member", m.text)));
      }
    }
    for (Object gone : new ArrayList<>(meters.keySet())) {
      if (!live.contains(gone)) {
        for (Meter meter : meters.remove(gone)) {
          registry.remove(meter);
        }
      }
    }
  }

  private List<Meter> listener(ForwardListener l, Tags tags) {
    ListenerStats s = l.stats;
    return List.of(
        Gauge.builder("aya.forward.listener.connections.active", s.active, a -> a.get()).tags(tags)
            .description("open forwarded connections (UDP: flows) of the listener").register(registry),
        FunctionCounter.builder("aya.forward.listener.connections", s.total, t -> t.sum()).tags(tags)
            .description("forwarded connections (UDP: flows) accepted").register(registry),
        FunctionCounter.builder("aya.forward.listener.refused", s.refused, t -> t.sum()).tags(tags)
            .description("connections refused with a RST (UDP: datagrams dropped): limit, or no member could take them")
            .register(registry),
        FunctionCounter.builder("aya.forward.listener.fallbacks", s.fallbacks, t -> t.sum()).tags(tags)
            .description("connections forwarded to another region's pool (fallback=next-region)").register(registry),
        FunctionCounter.builder("aya.forward.listener.bytes", s.bytesIn, t -> t.sum()).tags(tags.and("direction", "in"))
            .baseUnit("bytes").description("bytes forwarded, in: client to member, out: member to client")
            .register(registry),
        FunctionCounter.builder("aya.forward.listener.bytes", s.bytesOut, t -> t.sum()).tags(tags.and("direction", "out"))
            .baseUnit("bytes").description("bytes forwarded, in: client to member, out: member to client")
            .register(registry));
  }

  private List<Meter> member(ForwardMember m, Tags tags) {
    return List.of(
        Gauge.builder("aya.forward.member.connections.active", m.active, a -> a.get()).tags(tags)
            .description("open forwarded connections (UDP: flows) to the member through this node").register(registry),
        FunctionCounter.builder("aya.forward.member.connections", m.total, t -> t.sum()).tags(tags)
            .description("connections (UDP: flows) forwarded to the member").register(registry),
        FunctionCounter.builder("aya.forward.member.connect.failures", m.connectFailures, t -> t.sum()).tags(tags)
            .description("connects to the member that failed or timed out").register(registry),
        FunctionCounter.builder("aya.forward.member.ejections", m.ejections, t -> t.sum()).tags(tags)
            .description("times passive health ejected the member on this node").register(registry),
        FunctionCounter.builder("aya.forward.member.bytes", m.bytesIn, t -> t.sum()).tags(tags.and("direction", "in"))
            .baseUnit("bytes").description("bytes forwarded, in: client to member, out: member to client")
            .register(registry),
        FunctionCounter.builder("aya.forward.member.bytes", m.bytesOut, t -> t.sum()).tags(tags.and("direction", "out"))
            .baseUnit("bytes").description("bytes forwarded, in: client to member, out: member to client")
            .register(registry));
  }
}
