package io.aya.gslb.zone;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.Name;

/**
 * All zones served at one moment, immutable. {@link #findZone(Name)} returns the closest enclosing zone
 * (the longest origin that is an ancestor-or-self of the name). Thread-safe.
 */
public final class ZoneSet {
  /** Declared before {@link #EMPTY}, which takes the first generation. */
  private static final AtomicLong GENERATIONS = new AtomicLong();
  public static final ZoneSet EMPTY = new ZoneSet(List.of());

  private final long generation = GENERATIONS.incrementAndGet();
  private final Map<Name, Zone> byOrigin;
  private final int maxLabels;
  private final int minLabels;
  private final boolean signed;

  private ZoneSet(Collection<Zone> zones) {
    Map<Name, Zone> m = new HashMap<>();
    int max = 0;
    int min = Integer.MAX_VALUE;
    boolean anySigned = false;
    for (Zone z : zones) {
      anySigned |= z.dnssec() != null;
      if (m.put(z.origin(), z) != null) {
        throw new IllegalArgumentException("zone " + z.origin() + " defined twice");
      }
      max = Math.max(max, z.origin().labels());
      min = Math.min(min, z.origin().labels());
    }
    this.byOrigin = Collections.unmodifiableMap(m);
    this.maxLabels = max;
    this.minLabels = min;
    this.signed = anySigned;
  }

  public static ZoneSet of(Collection<Zone> zones) {
    return new ZoneSet(zones);
  }

  /** The closest enclosing zone of {@code name}, or null when we are not authoritative for it. */
  public Zone findZone(Name name) {
    int labels = name.labels();
    if (labels < minLabels) {
      return null;
    }
    int skip = labels > maxLabels ? labels - maxLabels : 0;
    for (; labels - skip >= minLabels; skip++) {
      Zone z = byOrigin.get(skip == 0 ? name : new Name(name, skip));
      if (z != null) {
        return z;
      }
    }
    return null;
  }

  /**
   * A number no other set in this JVM has, growing with each set made: lets a per-thread cache recognise the set it
   * was filled from without holding it (a held set keeps a replaced big zone alive until that thread's next query).
   */
  public long generation() {
    return generation;
  }

  /** True when any zone here is signed ({@code $DNSSEC}): DO=1 queries then take the signing path. */
  public boolean signed() {
    return signed;
  }

  public Zone zone(Name origin) {
    return byOrigin.get(origin);
  }

  public Collection<Zone> zones() {
    return byOrigin.values();
  }
}
