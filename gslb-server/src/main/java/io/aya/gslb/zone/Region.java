package io.aya.gslb.zone;

import java.util.Objects;

/**
 * A datacenter declared by {@code $REGION name lat lon [capacity=N] [cost=C]}. Region names are global: the same
 * name in two zones is the same datacenter (drain, load and capacity apply to both).
 *
 * @param capacity load units the region can take; 0 means unlimited (the capacity step never sheds it)
 * @param cost the placement planner's penalty for serving a unit of demand here, in milliseconds of RTT
 *     (an expensive region gets demand only where it saves at least that much latency); default 0
 */
public record Region(String name, double latitude, double longitude, long capacity, double cost) {
  public Region(String name, double latitude, double longitude, long capacity) {
    this(name, latitude, longitude, capacity, 0);
  }

  public Region {
    Objects.requireNonNull(name, "name");
    if (!(latitude >= -90 && latitude <= 90)) {
      throw new IllegalArgumentException("latitude: " + latitude + " (expected: -90..90)");
    }
    if (!(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException("longitude: " + longitude + " (expected: -180..180)");
    }
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 0)");
    }
    if (!(cost >= 0 && cost <= 1e6)) {
      throw new IllegalArgumentException("cost: " + cost + " (expected: 0..1000000)");
    }
  }
}
