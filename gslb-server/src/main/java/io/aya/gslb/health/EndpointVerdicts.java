package io.aya.gslb.health;

import io.aya.cluster.Observation;
import io.aya.cluster.OperatorOverride;
import io.aya.gslb.zone.Endpoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The verdict rules for one checked endpoint (see {@link HealthViewPublisher}): only observations by live
 * members younger than {@link HealthConfig#staleMillis} count and the {@link Quorum} decides over them; with
 * none, an endpoint this node saw down before a restart stays down until a newer observation exists, else the
 * {@link ColdStart} rule decides; an active force override replaces the verdict. Not thread-safe: used by the
 * view publisher's rebuild only.
 */
final class EndpointVerdicts {
  private final HealthConfig config;
  private final Map<String, Observation> downBeforeStart;

  /** @param downBeforeStart this node's down verdicts from before a restart, by endpoint key */
  EndpointVerdicts(HealthConfig config, Map<String, Observation> downBeforeStart) {
    this.config = config;
    this.downBeforeStart = new HashMap<>(downBeforeStart);
  }

  /**
   * @param obs every observation of the endpoint
   * @param live names of the live members
   * @param force the newest force override matching the endpoint, or null
   * @param now the rebuild's time (epoch millis)
   */
  EndpointStatus judge(Endpoint e, List<Observation> obs, Set<String> live, OperatorOverride force, long now) {
    long freshAfter = now - config.staleMillis(e.check());
    List<NodeObservation> views = new ArrayList<>(obs.size());
    int counted = 0;
    int down = 0;
    Observation newest = null;
    for (Observation o : obs) {
      boolean isLive = live.contains(o.node());
      boolean fresh = o.timestampMillis() >= freshAfter;
      boolean counts = isLive && fresh;
      if (counts) {
        counted++;
        down += o.up() ? 0 : 1;
      }
      if (newest == null || o.timestampMillis() > newest.timestampMillis()) {
        newest = o;
      }
      views.add(new NodeObservation(o.node(), o.up(), o.timestampMillis(), o.detail(), isLive, fresh, counts));
    }
    views.sort(Comparator.comparing(NodeObservation::node));
    boolean checkedUp;
    String reason;
    Observation before = downBeforeStart.get(e.key());
    if (before != null && newest != null && newest.timestampMillis() > before.timestampMillis()) {
      downBeforeStart.remove(e.key()); // superseded by a new result: the usual rules apply from now on
      before = null;
    }
    if (counted == 0 && before != null) {
      checkedUp = false;
      reason = "down before the restart (" + before.detail() + "), waiting for a first result";
    } else if (counted == 0) {
      checkedUp = config.coldStart() == ColdStart.ASSUME_UP;
      reason = "no fresh observation from a live member (cold start: "
          + (checkedUp ? "assumed up" : "waiting for a first result") + ")";
    } else {
      checkedUp = !config.quorum().down(down, counted);
      reason = down + " of " + counted + " observer(s) say down (" + config.quorum().name().toLowerCase(Locale.ROOT)
          + ")";
    }
    boolean up = checkedUp;
    OperatorOverride deciding = null;
    if (force != null && force.active()) {
      deciding = force;
      up = force.kind() == OperatorOverride.Kind.FORCE_UP;
      reason = "forced " + (up ? "up" : "down") + " by " + force.target() + " (" + force.node() + "); checks: " + reason;
    }
    return new EndpointStatus(e.key(), e.zone(), e.region(), e.check().name(), io.aya.gslb.zone.AddressText.of(e.address()), up,
        checkedUp, reason, deciding, views, newest == null ? "" : newest.detail(),
        newest == null ? 0 : newest.timestampMillis());
  }
}
