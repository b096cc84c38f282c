package io.aya.gslb.placement;

/** Hands out the current {@link PlacementPlan}; one volatile read per call. */
public interface PlacementSource {
  PlacementPlan current();

  /** No planner: every name keeps the capacity step. */
  PlacementSource NONE = () -> PlacementPlan.EMPTY;
}
