package io.aya.gslb.geo;

import java.net.InetAddress;

/**
 * An operator's overlay (the network map) in front of a base locator (the geo database).
 *
 * <p>When the overlay knows the client its answer wins; fields it leaves empty (a {@code region=}-only entry
 * has no country or coordinates) are filled from the base, so geofences and distances still work for pinned
 * clients. Otherwise the base answers.
 *
 * <p>The scope is the longer of the two scopes: the answer depends on both lookups, and each scope is a block
 * around the address in which its lookup does not change, so the answer holds in the smaller block.
 *
 * <p>Thread-safe when both parts are.
 */
final class OverlayGeoLocator implements GeoLocator {
  private final GeoLocator overlay;
  private final GeoLocator base;

  OverlayGeoLocator(GeoLocator overlay, GeoLocator base) {
    this.overlay = overlay;
    this.base = base;
  }

  @Override
  public ClientLocation locate(InetAddress address, int sourcePrefix) {
    ClientLocation top = overlay.locate(address, sourcePrefix);
    ClientLocation bottom = base.locate(address, sourcePrefix);
    int scope = Math.max(top.scopePrefix(), bottom.scopePrefix());
    if (top.source() == ClientLocation.Source.UNKNOWN) {
      return Locations.withScope(bottom, scope);
    }
    if (bottom.source() == ClientLocation.Source.UNKNOWN
        || (top.hasCoordinates() && top.country() != null && top.continent() != null)) {
      return Locations.withScope(top, scope);
    }
    boolean coordinates = top.hasCoordinates();
    return new ClientLocation(
        top.network(),
        scope,
        coordinates ? top.latitude() : bottom.latitude(),
        coordinates ? top.longitude() : bottom.longitude(),
        top.country() != null ? top.country() : bottom.country(),
        top.continent() != null ? top.continent() : bottom.continent(),
        top.region(),
        ClientLocation.Source.NETWORK_MAP);
  }
}
