package io.aya.gslb.health;

import io.aya.cluster.SharedState;
import io.aya.gslb.zone.ZoneSet;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;

/**
 * The health subsystem of one node, wired: active checks and load probes ({@link HealthMonitor}), the
 * answer-path view ({@link HealthViewPublisher}) and operator actions ({@link OperatorActions}).
 *
 * <p>Integration: construct it once with the node's {@link SharedState}; call {@link #onZones(ZoneSet)} with
 * every zone set the zone repository publishes (and once with the initial set); hand {@link #view()} (or
 * this object, a {@link HealthViewSource}) to the resolver; use {@link #snapshot()} and {@link #operator()}
 * in the admin API; {@link #close()} at shutdown, before closing the shared state.
 *
 * <p>Thread-safe.
 */
public final class HealthService implements HealthViewSource, AutoCloseable {
  private final HealthViewPublisher view;
  private final HealthMonitor monitor;
  private final OperatorActions operator;

  public HealthService(SharedState shared, HealthConfig config, MeterRegistry meters) {
    this(shared, config, meters, null);
  }

  /**
   * @param stateDir where this node remembers the endpoints it saw down, so that they stay out of the
   *     answers after a restart until their first new result; null keeps that in memory only
   */
  public HealthService(SharedState shared, HealthConfig config, MeterRegistry meters, Path stateDir) {
    this.monitor = new HealthMonitor(shared, config, meters, stateDir);
    this.view = new HealthViewPublisher(shared, config, meters, monitor.downBeforeStart());
    this.operator = new OperatorActions(shared, view);
  }

  /** Updates the view's endpoints and regions (synchronously), then the running checks and load probes. */
  public void onZones(ZoneSet zones) {
    view.onZones(zones);
    monitor.onZones(zones);
  }

  @Override
  public HealthView current() {
    return view.current();
  }

  /** The current view with per-endpoint and per-region details. */
  public HealthSnapshot snapshot() {
    return view.snapshot();
  }

  public HealthViewPublisher view() {
    return view;
  }

  public HealthMonitor monitor() {
    return monitor;
  }

  public OperatorActions operator() {
    return operator;
  }

  @Override
  public void close() {
    monitor.close();
    view.close();
  }
}
