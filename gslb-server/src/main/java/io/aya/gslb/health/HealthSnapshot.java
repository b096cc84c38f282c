package io.aya.gslb.health;

import java.util.Collections;
import java.util.Map;

/**
 * The concrete, immutable {@link HealthView} built by {@link HealthViewPublisher}, with the details behind
 * every decision for the admin API ({@link #endpoints()}, {@link #regions()}).
 *
 * <p>Keys absent from the view (endpoints of static pools, which have no check; regions no zone declares)
 * read as up, not drained, no load, admit everything.
 *
 * <p>Immutable and thread-safe; the answer-path methods are a hash lookup each.
 */
public final class HealthSnapshot implements HealthView {
  static final HealthSnapshot EMPTY = new HealthSnapshot(0, Map.of(), Map.of());

  private final long builtAtMillis;
  private final Map<String, EndpointStatus> endpoints;
  private final Map<String, RegionStatus> regions;

  HealthSnapshot(long builtAtMillis, Map<String, EndpointStatus> endpoints, Map<String, RegionStatus> regions) {
    this.builtAtMillis = builtAtMillis;
    this.endpoints = Collections.unmodifiableMap(endpoints);
    this.regions = Collections.unmodifiableMap(regions);
  }

  @Override
  public boolean endpointUp(String endpointKey) {
    EndpointStatus s = endpoints.get(endpointKey);
    return s == null || s.up();
  }

  @Override
  public boolean regionDrained(String region) {
    RegionStatus s = regions.get(region);
    return s != null && s.drained();
  }

  @Override
  public double regionLoad(String region) {
    RegionStatus s = regions.get(region);
    return s == null ? Double.NaN : s.load();
  }

  @Override
  public double admitFraction(String region) {
    RegionStatus s = regions.get(region);
    return s == null ? 1.0 : s.admitFraction();
  }

  /** When this snapshot was built (epoch millis). */
  public long builtAtMillis() {
    return builtAtMillis;
  }

  /** Every checked endpoint of the served zones by key (unmodifiable). */
  public Map<String, EndpointStatus> endpoints() {
    return endpoints;
  }

  /** One endpoint's details, or null when no zone has this checked endpoint. */
  public EndpointStatus endpoint(String key) {
    return endpoints.get(key);
  }

  /** Every region the served zones declare, by name (unmodifiable). */
  public Map<String, RegionStatus> regions() {
    return regions;
  }

  /** One region's details, or null when no zone declares it. */
  public RegionStatus region(String name) {
    return regions.get(name);
  }
}
