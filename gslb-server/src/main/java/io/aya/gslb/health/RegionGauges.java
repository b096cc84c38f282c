package io.aya.gslb.health;

import io.aya.gslb.zone.Endpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gauges read from the current view: per region {@code aya.region.load}, {@code aya.region.admit.fraction}
 * and {@code aya.region.drained} (1 drained, 0 not); per checked endpoint {@code aya.endpoint.up} (1 up, 0
 * down; tags zone, region, endpoint) — registered when a region or endpoint appears, removed when it leaves.
 * Not thread-safe: the view publisher calls it under its lock.
 */
final class RegionGauges {
  private final MeterRegistry meters;
  private final HealthViewSource view;
  private final Map<String, Gauge> loads = new HashMap<>();
  private final Map<String, Gauge> admits = new HashMap<>();
  private final Map<String, Gauge> drained = new HashMap<>();
  private final Map<String, Gauge> endpointsUp = new HashMap<>();

  RegionGauges(MeterRegistry meters, HealthViewSource view) {
    this.meters = meters;
    this.view = view;
  }

  /** Registers gauges for new regions and removes those of regions no longer served. */
  void update(Set<String> regions) {
    for (Map<String, Gauge> byRegion : List.of(loads, admits, drained)) {
      retain(byRegion, regions);
    }
    for (String name : regions) {
      loads.computeIfAbsent(name, n -> Gauge.builder("aya.region.load", view, v -> v.current().regionLoad(n))
          .tag("region", n)
          .description("Smoothed load of the region in capacity units (NaN without a fresh report)")
          .register(meters));
      admits.computeIfAbsent(name, n -> Gauge.builder("aya.region.admit.fraction", view,
              v -> v.current().admitFraction(n))
          .tag("region", n)
          .description("Share of the region's offered demand the capacity step admits")
          .register(meters));
      drained.computeIfAbsent(name, n -> Gauge.builder("aya.region.drained", view,
              v -> v.current().regionDrained(n) ? 1 : 0)
          .tag("region", n)
          .description("1 while an operator drain keeps the region out of answers, else 0")
          .register(meters));
    }
  }

  /** Registers an up/down gauge for each new checked endpoint and removes those no longer served. */
  void updateEndpoints(Map<String, Endpoint> endpoints) {
    retain(endpointsUp, endpoints.keySet());
    for (Endpoint e : endpoints.values()) {
      endpointsUp.computeIfAbsent(e.key(), k -> Gauge.builder("aya.endpoint.up", view,
              v -> v.current().endpointUp(k) ? 1 : 0)
          .tag("zone", e.zone())
          .tag("region", e.region())
          .tag("endpoint", k)
          .description("1 while the endpoint is answered (checks and overrides agree it is up), else 0")
          .register(meters));
    }
  }

  private void retain(Map<String, Gauge> gauges, Set<String> keep) {
    for (Map.Entry<String, Gauge> g : new ArrayList<>(gauges.entrySet())) {
      if (!keep.contains(g.getKey())) {
        meters.remove(g.getValue());
        gauges.remove(g.getKey());
      }
    }
  }

  /** Removes every gauge. */
  void close() {
    update(Set.of());
    updateEndpoints(Map.of());
  }
}
