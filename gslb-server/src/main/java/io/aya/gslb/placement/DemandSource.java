package io.aya.gslb.placement;

/** Where a network's demand figure came from, shown by explain. */
public enum DemandSource {
  /** A load report's per-network breakdown ({@code "networks"} of {@code PUT /api/v1/regions/{r}/load}). */
  REPORTED,
  /** A region's bare load split over the networks answered with that region (ECS networks counted). */
  ESTIMATED,
  /** Both: some regions reported this network, others were estimated. */
  MIXED;

  DemandSource and(DemandSource other) {
    return other == this ? this : MIXED;
  }
}
