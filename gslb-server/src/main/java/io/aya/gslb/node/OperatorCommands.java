package io.aya.gslb.node;

import io.aya.cluster.LoadReport;
import io.aya.cluster.NotPersistedException;
import io.aya.cluster.OperatorOverride;
import io.aya.gslb.admin.AdminOperations.Force;
import io.aya.gslb.admin.ApiException;
import io.aya.gslb.health.OperatorActions;
import io.aya.gslb.health.UnknownTargetException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's mutations: drains, forces and load reports, passed to {@link OperatorActions} (which checks
 * the targets and writes the overrides cluster-wide); an unknown target is a 404. Thread-safe.
 */
final class OperatorCommands {
  private static final Logger log = LoggerFactory.getLogger(OperatorCommands.class);

  record Drained(String region, boolean drained, List<String> regions, OverrideEntry override) {}

  /** @param override null for {@code clear} */
  record Forced(String endpoint, String force, List<String> endpoints, OverrideEntry override) {}

  /**
   * The 503 body of an override that is in force cluster-wide but not on this node's disk.
   *
   * @param result what the normal answer would have carried (its override left out)
   */
  record NotPersisted(int status, String error, boolean applied, boolean persisted, String file, String cause,
      Object result) {}

  record LoadReported(String region, double load, int networks, String node, long timeMillis, String time) {}

  private final OperatorActions operator;

  OperatorCommands(OperatorActions operator) {
    this.operator = operator;
  }

  Drained drain(String regionGlob, boolean drain) {
    List<String> matched = operator.matchingRegions(regionGlob);
    OperatorOverride o;
    try {
      o = drain ? operator.drain(regionGlob) : operator.undrain(regionGlob);
    } catch (UnknownTargetException e) {
      throw new ApiException(404, e.getMessage());
    } catch (NotPersistedException e) {
      throw notPersisted((drain ? "drain " : "undrain ") + regionGlob, e,
          new Drained(regionGlob, drain, matched, null));
    }
    log.info("operator: {} {} (regions {}) through the admin API", drain ? "drain" : "undrain", regionGlob, matched);
    // the state in effect, never the one asked for
    boolean inEffect = operator.drainInEffect(matched, drain, o.active());
    return new Drained(regionGlob, inEffect, matched, OverrideEntry.of(o));
  }

  Forced force(String endpointGlob, Force mode) {
    List<String> matched = operator.matchingEndpoints(endpointGlob);
    OperatorOverride o = null;
    try {
      switch (mode) {
        case UP -> o = operator.forceUp(endpointGlob);
        case DOWN -> o = operator.forceDown(endpointGlob);
        case CLEAR -> operator.clearForce(endpointGlob);
      }
    } catch (UnknownTargetException e) {
      throw new ApiException(404, e.getMessage());
    } catch (NotPersistedException e) {
      throw notPersisted("force " + mode.wireName() + " " + endpointGlob, e,
          new Forced(endpointGlob, mode.wireName(), matched, null));
    }
    log.info("operator: force {} {} (endpoints {}) through the admin API", mode.wireName(), endpointGlob, matched);
    return new Forced(endpointGlob, mode.wireName(), matched, OverrideEntry.of(o));
  }

  /** A 503 that says the action is in force but will not survive a restart of every node. */
  private static ApiException notPersisted(String action, NotPersistedException e, Object result) {
    String message = action + " is applied cluster-wide but NOT persisted: " + e.getMessage()
        + "; it is lost if every node restarts before the state directory is writable again";
    log.warn("operator: {}", message);
    return new ApiException(503, message,
        new NotPersisted(503, message, true, false, e.file().toString(), e.reason(), result));
  }

  LoadReported reportLoad(String region, double load, java.util.Map<String, Double> networks) {
    LoadReport r;
    try {
      r = operator.reportLoad(region, load, networks);
    } catch (UnknownTargetException e) {
      throw new ApiException(404, e.getMessage());
    }
    return new LoadReported(r.region(), r.load(), r.networks().size(), r.node(), r.timestampMillis(), IsoTime.of(r.timestampMillis()));
  }
}
