package io.aya.gslb.geo;

/**
 * Where a client is, as far as the answer is concerned.
 *
 * @param network the network that decided the location (database network or network map entry), in CIDR
 *     form (e.g. {@code 81.2.69.0/24}), or null when nothing matched
 * @param scopePrefix ECS scope to answer with (RFC 7871 §7.2.1): the length of the prefix of the client's
 *     address inside which every address gets this same location, never longer than the client's source
 *     prefix. Usually the prefix length of {@code network}; longer when a more specific network-map entry
 *     sits beside the client. Unknown clients get the block that holds no data, so that a resolver does not
 *     cache an answer for an unknown client for known ones too; 0 only when no data tells any address apart
 * @param latitude degrees, NaN when unknown
 * @param longitude degrees, NaN when unknown
 * @param country ISO 3166-1 alpha-2 code (upper case), or null
 * @param continent two-letter continent code (AF AN AS EU NA OC SA), or null
 * @param region a region pinned by the network map (clients of this network go there first), or null
 */
public record ClientLocation(
    String network,
    int scopePrefix,
    double latitude,
    double longitude,
    String country,
    String continent,
    String region,
    Source source) {

  /** What decided the location. */
  public enum Source {
    NETWORK_MAP,
    GEOIP,
    UNKNOWN
  }

  public static final ClientLocation UNKNOWN =
      new ClientLocation(null, 0, Double.NaN, Double.NaN, null, null, null, Source.UNKNOWN);

  public boolean hasCoordinates() {
    return !Double.isNaN(latitude) && !Double.isNaN(longitude);
  }
}
