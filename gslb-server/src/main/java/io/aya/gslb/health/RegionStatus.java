package io.aya.gslb.health;

import io.aya.cluster.LoadReport;
import io.aya.cluster.OperatorOverride;
import java.util.Objects;

/**
 * Everything the view knows about one region, for the admin API.
 *
 * @param capacity capacity units from the zones ({@code $REGION ... capacity=N}); 0 = unlimited
 * @param drained an operator drained it (globs resolved, newest override wins)
 * @param drainOverride the DRAIN override that decided {@code drained} (active or an undrain), or null
 * @param load smoothed load in capacity units, NaN without a fresh report
 * @param offered smoothed estimate of the demand offered to the region (load / the fraction clients followed), NaN
 *     without a fresh report
 * @param admitFraction share of the offered demand the capacity step admits, in [minAdmitFraction, 1]
 * @param lastReport the newest load report seen (even when expired), or null
 * @param endpointsUp checked endpoints of the region that are up
 * @param endpointsTotal checked endpoints of the region
 */
public record RegionStatus(
    String name,
    long capacity,
    boolean drained,
    OperatorOverride drainOverride,
    double load,
    double offered,
    double admitFraction,
    LoadReport lastReport,
    int endpointsUp,
    int endpointsTotal) {
  public RegionStatus {
    Objects.requireNonNull(name, "name");
  }
}
