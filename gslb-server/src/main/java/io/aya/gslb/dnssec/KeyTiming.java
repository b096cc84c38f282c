package io.aya.gslb.dnssec;

import java.time.Instant;

/**
 * When a key is in the DNSKEY RRset and when it signs, as BIND's key timing metadata says ({@code Publish},
 * {@code Activate}, {@code Inactive}, {@code Delete} in the {@code .private} file; dnssec-keygen -P/-A/-I/-D). A
 * null instant is "not set": a key with none is published and active from the start, forever. A key with an
 * activation but no publication time is published when it activates. Immutable.
 */
public record KeyTiming(Instant publish, Instant activate, Instant inactive, Instant delete) {
  public static final KeyTiming ALWAYS = new KeyTiming(null, null, null, null);

  /** True when the key belongs in the DNSKEY RRset at {@code now}. */
  public boolean published(Instant now) {
    Instant from = publish != null ? publish : activate;
    return (from == null || !now.isBefore(from)) && (delete == null || now.isBefore(delete));
  }

  /** True when the key signs at {@code now} (it is then published as well). */
  public boolean active(Instant now) {
    return published(now)
        && (activate == null || !now.isBefore(activate))
        && (inactive == null || now.isBefore(inactive));
  }

  /** The earliest timing event after {@code now}, or null: the key set must be looked at again then. */
  public Instant nextEvent(Instant now) {
    Instant next = null;
    for (Instant t : new Instant[] {publish, activate, inactive, delete}) {
      if (t != null && t.isAfter(now) && (next == null || t.isBefore(next))) {
        next = t;
      }
    }
    return next;
  }
}
