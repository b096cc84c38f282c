package io.aya.gslb.dnssec;

import io.aya.gslb.zone.Zone;

/** Finds the signatures of the zone version an answer comes from; implemented by {@link DnssecService}. */
public interface ZoneSignatures {
  /** No zone is signed. */
  ZoneSignatures NONE = zone -> null;

  /** The signatures of exactly this zone version, or null when it is not signed. Thread-safe, non-blocking. */
  SignedZone signed(Zone zone);
}
