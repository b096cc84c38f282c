package io.aya.gslb.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-region gauges read from the current view: {@code aya.region.load} and {@code aya.region.admit.fraction}
 * for every region of the served zones (registered when a region appears, removed when it leaves). Not
 * thread-safe: the view publisher calls it under its lock.
 */
final class RegionGauges {
  private final MeterRegistry meters;
  private final HealthViewSource view;
  private final Map<String, Gauge> loads = new HashMap<>();
  private final Map<String, Gauge> admits = new HashMap<>();

  RegionGauges(MeterRegistry meters, HealthViewSource view) {
    this.meters = meters;
    this.view = view;
  }

  /** Registers gauges for new regions and removes those of regions no longer served. */
  void update(Set<String> regions) {
    for (Map<String, Gauge> byRegion : List.of(loads, admits)) {
      for (Map.Entry<String, Gauge> g : new ArrayList<>(byRegion.entrySet())) {
        if (!regions.contains(g.getKey())) {
          meters.remove(g.getValue());
          byRegion.remove(g.getKey());
        }
      }
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
    }
  }

  /** Removes every gauge. */
  void close() {
    update(Set.of());
  }
}
