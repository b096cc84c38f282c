package io.aya.gslb.zone;

import java.util.Objects;

/**
 * A datacenter declared by {@code $REGION name lat lon [capacity=N]}. Region names are global: the same
 * name in two zones is the same datacenter (drain, load and capacity apply to both).
 *
 * @param capacity load units the region can take; 0 means unlimited (the capacity step never sheds it)
 */
public record Region(String name, double latitude, double longitude, long capacity) {
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
  }
}
