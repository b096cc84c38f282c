package io.aya.gslb.zone;

/**
 * Turns a parsed zone into the zone to serve, before it is published: DNSSEC signing adds the apex key records
 * and signs ({@code io.aya.gslb.dnssec.DnssecService}). Called on the reloading thread for every zone of a
 * reload (also the unchanged ones) and by {@link ZoneRepository#republish()}; returns {@code zone} itself when
 * it has nothing to change, so an unchanged zone set is not published again.
 */
public interface ZonePreparer {
  ZonePreparer NONE = zone -> zone;

  /**
   * @throws ZoneParseException when the zone cannot be served (e.g. its keys cannot be read); the previous
   *     version keeps serving
   */
  Zone prepare(Zone zone) throws ZoneParseException;
}
