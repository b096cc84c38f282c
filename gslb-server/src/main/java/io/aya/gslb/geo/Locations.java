package io.aya.gslb.geo;

/** Small helpers shared by the locators. */
final class Locations {
  private static final ClientLocation[] UNKNOWN_BY_SCOPE = new ClientLocation[129];

  static {
    UNKNOWN_BY_SCOPE[0] = ClientLocation.UNKNOWN;
    for (int i = 1; i < UNKNOWN_BY_SCOPE.length; i++) {
      UNKNOWN_BY_SCOPE[i] =
          new ClientLocation(null, i, Double.NaN, Double.NaN, null, null, null, ClientLocation.Source.UNKNOWN);
    }
  }

  private Locations() {}

  /**
   * An unknown location that is valid for {@code address/scope}: nothing is known about any address in that
   * block, so an answer built for it may be cached for the whole block (scope 0 only when nothing is known
   * about any address at all).
   */
  static ClientLocation unknown(int scope) {
    return UNKNOWN_BY_SCOPE[scope];
  }

  /** {@code location} with another scope prefix (the same instance when it already has it). */
  static ClientLocation withScope(ClientLocation location, int scope) {
    if (location.scopePrefix() == scope) {
      return location;
    }
    if (location.source() == ClientLocation.Source.UNKNOWN && location.network() == null) {
      return unknown(scope);
    }
    return new ClientLocation(
        location.network(),
        scope,
        location.latitude(),
        location.longitude(),
        location.country(),
        location.continent(),
        location.region(),
        location.source());
  }

  /** The source prefix limited to 0..bits: a caller's out-of-range value must not break a lookup. */
  static int clampPrefix(int sourcePrefix, int bits) {
    return sourcePrefix < 0 ? 0 : Math.min(sourcePrefix, bits);
  }
}
