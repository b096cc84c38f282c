package io.aya.gslb.placement;

/**
 * Tuning of the planner.
 *
 * @param targetUtilisation the plan keeps each region's load at or below {@code capacity × this}, in (0, 1]
 * @param movePenalty cost (ms) added per unit of demand moved away from the region the previous plan gave it
 *     (hysteresis: small changes of the inputs do not reshuffle the plan)
 * @param nearestRegions each location cell may go to its this many cheapest open regions (and to the regions
 *     it had in the previous plan); 0 = every region
 * @param cellDegrees networks are aggregated into location cells of this many degrees of latitude and
 *     longitude (all networks of a cell get one split, from their demand-weighted mean costs); 0 = one cell per
 *     network. The finest size tried: see {@code maxCells}
 * @param maxCells while there are more cells than this, the cell size doubles (from 0.25° when
 *     {@code cellDegrees} is 0), up to 16°: the solver's time grows with the square of the cells
 */
public record PlacementParams(
    double targetUtilisation, double movePenalty, int nearestRegions, double cellDegrees, int maxCells) {
  public static final PlacementParams DEFAULTS = new PlacementParams(0.95, 2.0, 4, 0, 400);

  public PlacementParams {
    if (!(targetUtilisation > 0 && targetUtilisation <= 1)) {
      throw new IllegalArgumentException("targetUtilisation: " + targetUtilisation + " (expected: (0, 1])");
    }
    if (!(movePenalty >= 0) || Double.isInfinite(movePenalty)) {
      throw new IllegalArgumentException("movePenalty: " + movePenalty + " (expected: >= 0)");
    }
    if (nearestRegions < 0) {
      throw new IllegalArgumentException("nearestRegions: " + nearestRegions + " (expected: >= 0)");
    }
    if (!(cellDegrees >= 0 && cellDegrees <= 10)) {
      throw new IllegalArgumentException("cellDegrees: " + cellDegrees + " (expected: 0..10)");
    }
    if (maxCells < 1) {
      throw new IllegalArgumentException("maxCells: " + maxCells + " (expected: >= 1)");
    }
  }
}
