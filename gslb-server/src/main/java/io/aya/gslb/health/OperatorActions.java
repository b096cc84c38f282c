package io.aya.gslb.health;

import io.aya.cluster.LoadReport;
import io.aya.cluster.NotPersistedException;
import io.aya.cluster.OperatorOverride;
import io.aya.cluster.OperatorOverride.Kind;
import io.aya.cluster.SharedState;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What operators do to health and load, cluster-wide: drain and undrain regions, force endpoints up or
 * down, push load reports. Each call writes one timestamped value ({@link OperatorOverride} or
 * {@link LoadReport}) with this node's name to the {@link SharedState}; every node's view picks it up.
 *
 * <p>Targets may be globs ({@code eu-*}, {@code *@192.0.2.10}); a target must match at least one region
 * (or checked endpoint) of the served zones, so a typo fails loudly instead of draining nothing. Undoing
 * ({@link #undrain}, {@link #clearForce}) is also accepted for a target that an existing override names,
 * so a drain of a region that has since left the zones can still be lifted. The newest matching override
 * decides (see {@link HealthViewPublisher}). This node's view is rebuilt before a call returns, so what the
 * admin API and DNS show next already includes the change (read your writes); other nodes follow within the
 * cluster's propagation time.
 *
 * <p>An override that the state directory refuses is applied and shared all the same; the call then throws
 * {@link NotPersistedException} so that the operator learns it will not survive a restart.
 *
 * <p>Thread-safe.
 */
public final class OperatorActions {
  private final SharedState shared;
  private final HealthViewPublisher view;
  private final Clock clock;

  public OperatorActions(SharedState shared, HealthViewPublisher view) {
    this(shared, view, Clock.systemUTC());
  }

  OperatorActions(SharedState shared, HealthViewPublisher view, Clock clock) {
    this.shared = Objects.requireNonNull(shared, "shared");
    this.view = Objects.requireNonNull(view, "view");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Drains every region matching {@code regionGlob}: no new answers go there. */
  public OperatorOverride drain(String regionGlob) {
    return put(Kind.DRAIN, checkTarget("region", regionGlob, view.regionNames(), false), true);
  }

  /** Lifts the drain of the regions matching {@code regionGlob} (newer than the drain, so it wins). */
  public OperatorOverride undrain(String regionGlob) {
    return put(Kind.DRAIN, checkTarget("region", regionGlob, view.regionNames(), true), false);
  }

  /** Answers the endpoints matching {@code endpointGlob} whatever their checks say. */
  public OperatorOverride forceUp(String endpointGlob) {
    String target = checkTarget("endpoint", endpointGlob, view.endpointKeys(), false);
    return put(Kind.FORCE_UP, target, true);
  }

  /** Never answers the endpoints matching {@code endpointGlob}. */
  public OperatorOverride forceDown(String endpointGlob) {
    String target = checkTarget("endpoint", endpointGlob, view.endpointKeys(), false);
    return put(Kind.FORCE_DOWN, target, true);
  }

  /** Hands the endpoints matching {@code endpointGlob} back to their checks (clears FORCE_UP and FORCE_DOWN). */
  public void clearForce(String endpointGlob) {
    String target = checkTarget("endpoint", endpointGlob, view.endpointKeys(), true);
    long now = Math.max(stamp(Kind.FORCE_UP), stamp(Kind.FORCE_DOWN));
    NotPersistedException notPersisted = null;
    try {
      shared.putOverride(new OperatorOverride(Kind.FORCE_UP, target, false, now, shared.nodeName()));
    } catch (NotPersistedException e) {
      notPersisted = e; // the second half of the clear must still be applied
    }
    try {
      shared.putOverride(new OperatorOverride(Kind.FORCE_DOWN, target, false, now, shared.nodeName()));
    } finally {
      view.refresh();
    }
    if (notPersisted != null) {
      throw notPersisted;
    }
  }

  /** The regions of the served zones that {@code regionGlob} matches, sorted (what a drain affects now). */
  /**
   * Whether the drain is in effect for {@code regions} as this node holds the overrides now (the newest
   * matching override decides, as in the view): for a drain ({@code drained} true) true only when every one of
   * them is drained, for an undrain true when any still is, so the answer never claims what did not happen.
   * {@code fallback} for an empty list (a target that matches no served region).
   */
  public boolean drainInEffect(List<String> regions, boolean drained, boolean fallback) {
    if (regions.isEmpty()) {
      return fallback;
    }
    List<OperatorOverride> drains = new java.util.ArrayList<>();
    for (OperatorOverride o : shared.overrides()) {
      if (o.kind() == Kind.DRAIN) {
        drains.add(o);
      }
    }
    OverrideMatcher matcher = new OverrideMatcher();
    boolean all = true;
    boolean any = false;
    for (String r : regions) {
      OperatorOverride o = matcher.newest(drains, r);
      boolean d = o != null && o.active();
      all &= d;
      any |= d;
    }
    return drained ? all : any;
  }

  public List<String> matchingRegions(String regionGlob) {
    return Glob.matching(Objects.requireNonNull(regionGlob, "region"), view.regionNames());
  }

  /** The checked endpoints of the served zones that {@code endpointGlob} matches, sorted. */
  public List<String> matchingEndpoints(String endpointGlob) {
    return Glob.matching(Objects.requireNonNull(endpointGlob, "endpoint"), view.endpointKeys());
  }

  /**
   * Reports the current load of a region in its capacity units (e.g. pushed by a load balancer).
   *
   * @throws UnknownTargetException when the region is not declared by a served zone (no globs here)
   * @throws IllegalArgumentException when the load is negative, NaN or infinite
   */
  public LoadReport reportLoad(String region, double load) {
    return reportLoad(region, load, Map.of());
  }

  /**
   * Reports the current load of a region with its breakdown by client network (CIDR → load; see
   * {@link LoadReport#networks()}), the placement planner's demand input.
   *
   * @throws UnknownTargetException when the region is not declared by a served zone (no globs here)
   * @throws IllegalArgumentException when the load is negative, NaN or infinite
   */
  public LoadReport reportLoad(String region, double load, Map<String, Double> networks) {
    Objects.requireNonNull(region, "region");
    if (!Double.isFinite(load) || load < 0) {
      throw new IllegalArgumentException("load: " + load + " (expected: a finite number >= 0)");
    }
    Set<String> regions = view.regionNames();
    if (!regions.contains(region)) {
      throw new UnknownTargetException("region: '" + region + "' is not declared by any zone (known: "
          + new TreeSet<>(regions) + ")");
    }
    LoadReport r = new LoadReport(region, shared.nodeName(), load, clock.millis(), networks);
    shared.putLoad(r);
    view.refresh();
    return r;
  }

  private OperatorOverride put(Kind kind, String target, boolean active) {
    OperatorOverride o = new OperatorOverride(kind, target, active, stamp(kind), shared.nodeName());
    try {
      shared.putOverride(o);
    } finally {
      view.refresh(); // applied even when not persisted (NotPersistedException)
    }
    return o;
  }

  /**
   * The time to stamp a new override of {@code kind} with: now, or just after the newest override of that
   * kind held, if another node's clock ran ahead (within the cluster's skew bound) when it wrote that one. The
   * newest matching override decides, so an operator's latest action always takes effect.
   */
  private long stamp(Kind kind) {
    long t = clock.millis();
    for (OperatorOverride o : shared.overrides()) {
      if (o.kind() == kind && o.timestampMillis() >= t) {
        t = o.timestampMillis() + 1;
      }
    }
    return t;
  }

  private String checkTarget(String what, String target, Set<String> known, boolean undo) {
    Objects.requireNonNull(target, what);
    // an endpoint's IPv6 address is accepted in any spelling and stored as its key has it (RFC 5952)
    String t = io.aya.gslb.zone.AddressText.canonicalKey(target.trim());
    if (t.isEmpty() || t.length() > 512 || containsControl(t)) {
      throw new IllegalArgumentException(what + ": '" + target + "' (expected: a name or glob of 1..512 printable characters)");
    }
    Pattern p = Glob.isGlob(t) ? Glob.compile(t) : null;
    for (String k : known) {
      if (p == null ? k.equals(t) : p.matcher(k).matches()) {
        return t;
      }
    }
    if (undo) {
      for (OperatorOverride o : shared.overrides()) {
        if (o.target().equals(t)) {
          return t;
        }
      }
    }
    throw new UnknownTargetException(what + ": '" + target + "' matches no " + what + " of the served zones (known: "
        + abbreviated(new TreeSet<>(known)) + ")");
  }

  private static boolean containsControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static String abbreviated(TreeSet<String> names) {
    if (names.size() <= 10) {
      return names.toString();
    }
    StringBuilder sb = new StringBuilder("[");
    int i = 0;
    for (String n : names) {
      if (i++ == 10) {
        break;
      }
      sb.append(n).append(", ");
    }
    return sb.append("... ").append(names.size() - 10).append(" more]").toString();
  }
}
