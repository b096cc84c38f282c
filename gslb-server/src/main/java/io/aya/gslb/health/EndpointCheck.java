package io.aya.gslb.health;

import io.aya.cluster.Observation;
import io.aya.gslb.zone.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic check of one endpoint on one event loop: probe, feed the {@link EndpointState}, hand the
 * verdict to {@code publish} (when the state or the detail changed, or the last one is older than the
 * refresh period: unchanged verdicts are not re-sent on every check). When probes run: {@link ProbeSchedule}.
 *
 * <p>Thread-safety: all state is confined to the event loop; {@link #stop()} may be called from any thread.
 */
final class EndpointCheck {
  private static final Logger log = LoggerFactory.getLogger(EndpointCheck.class);

  private final Endpoint endpoint;
  private final String key;
  private final String node;
  private final HealthProber prober;
  private final EventLoop loop;
  private final ProbeSchedule schedule;
  private final EndpointState state;
  private final Consumer<Observation> publish;
  private final MeterRegistry meters;
  private final Counter successes;
  private final Counter failures;
  private final Counter toUp;
  private final Counter toDown;
  private final Timer latency;
  private final long refreshMillis;
  private final Clock clock;
  private Observation lastPublished;
  private volatile LastCheck lastCheck;

  /**
   * @param refreshMillis an unchanged verdict is published again once the last one is this old, so that
   *     its timestamp stays fresh for the view's staleness rule
   */
  EndpointCheck(Endpoint endpoint, String node, HealthProber prober, ColdStart coldStart, long refreshMillis,
      Consumer<Observation> publish, MeterRegistry meters, Clock clock) {
    this.endpoint = endpoint;
    this.clock = clock;
    this.key = endpoint.key();
    this.node = node;
    this.prober = prober;
    this.loop = prober.nextLoop();
    this.schedule = new ProbeSchedule(loop, endpoint.check().interval(), this::probe);
    this.state = new EndpointState(endpoint.check().rise(), endpoint.check().fall(), coldStart);
    this.publish = publish;
    this.meters = meters;
    this.refreshMillis = refreshMillis;
    this.successes = Counter.builder("aya.health.checks").tag("endpoint", key).tag("result", "success")
        .description("Health check results").register(meters);
    this.failures = Counter.builder("aya.health.checks").tag("endpoint", key).tag("result", "failure")
        .description("Health check results").register(meters);
    this.toUp = Counter.builder("aya.health.state.changes").tag("endpoint", key).tag("state", "up")
        .description("Endpoint state changes seen by this node's checks").register(meters);
    this.toDown = Counter.builder("aya.health.state.changes").tag("endpoint", key).tag("state", "down")
        .description("Endpoint state changes seen by this node's checks").register(meters);
    this.latency = Timer.builder("aya.health.check.latency").tag("endpoint", key)
        .description("Health check duration, failures included").register(meters);
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /** This node's newest probe result, or null before the first one. */
  LastCheck lastCheck() {
    return lastCheck;
  }

  /** Starts probing; the first probe comes within one interval (spread so that checks do not fire together). */
  void start() {
    startWithin(endpoint.check().interval());
  }

  /** Starts probing with the first probe a random part of {@code spread} (at most one interval) from now. */
  void startWithin(Duration spread) {
    schedule.start(spread);
  }

  /** Stops probing (a probe in flight is ignored) and removes this endpoint's meters. */
  void stop() {
    schedule.stop();
    meters.remove(successes);
    meters.remove(failures);
    meters.remove(toUp);
    meters.remove(toDown);
    meters.remove(latency);
  }

  private void probe() {
    prober.check(loop, endpoint.address(), endpoint.check()).addListener(f -> onResult((CheckResult) f.getNow()));
  }

  private void onResult(CheckResult r) {
    if (schedule.stopped()) {
      return;
    }
    (r.ok() ? successes : failures).increment();
    latency.record(r.latencyNanos(), TimeUnit.NANOSECONDS);
    if (state.record(r.ok())) {
      (state.up() ? toUp : toDown).increment();
      log.info("Endpoint {} is now {} on {} ({})", key, state.up() ? "UP" : "DOWN", node, r.detail());
    }
    long now = clock.millis();
    lastCheck = new LastCheck(r.ok(), r.detail(), now, r.latencyNanos());
    Observation last = lastPublished;
    if (last == null || last.up() != state.up() || !last.detail().equals(r.detail())
        || now - last.timestampMillis() >= refreshMillis) {
      lastPublished = new Observation(key, node, state.up(), now, r.detail());
      publish.accept(lastPublished);
    }
    schedule.next();
  }
}
