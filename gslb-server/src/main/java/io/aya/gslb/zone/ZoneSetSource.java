package io.aya.gslb.zone;

/** Hands out the zones being served now; one volatile read per call. */
public interface ZoneSetSource {
  ZoneSet current();
}
