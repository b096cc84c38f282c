package io.aya.gslb.health;

import io.aya.cluster.LoadReport;
import io.aya.cluster.Observation;
import io.aya.cluster.SharedState;
import io.aya.gslb.zone.CheckSpec;
import io.aya.gslb.zone.Endpoint;
import io.aya.gslb.zone.LoadProbe;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which checks and load probes this node runs: those of the served zones for which
 * {@link SharedState#probesLocally(String)} is true. {@link #reconcile} starts what is wanted and not running,
 * stops what is no longer wanted or moved to other members, and keeps unchanged checks (same key, check and
 * address) with their state. A stopped check's spec is kept ({@link #retired}) until the sweeper has deleted
 * this node's observation of it. Not thread-safe: the health monitor calls it under its lock.
 */
final class CheckPlan {
  private static final Logger log = LoggerFactory.getLogger(CheckPlan.class);
  private static final String LOAD_PREFIX = "$LOAD ";
  /**
   * First probes of endpoints taken over from a member that left come within this, not within one interval:
   * until this node reports, the endpoint's only live observers are the remaining ones, and a quorum of one
   * lets a single broken path fail it.
   */
  static final Duration TAKEOVER_SPREAD = Duration.ofMillis(250);

  private final SharedState shared;
  private final HealthConfig config;
  private final HealthProber prober;
  private final DownVerdicts down;
  private final Consumer<Observation> publishObservation;
  private final Consumer<LoadReport> publishLoad;
  private final MeterRegistry meters;
  private final Clock clock;
  private final Map<String, Endpoint> wanted = new LinkedHashMap<>();
  private final Map<String, LoadProbe> wantedLoads = new LinkedHashMap<>();
  private final Map<String, EndpointCheck> running = new HashMap<>();
  private final Map<String, LoadProbeTask> runningLoads = new HashMap<>();
  /** Checks of endpoints this node stopped probing, until its observation of them is deleted. */
  private final Map<String, CheckSpec> retired = new HashMap<>();

  CheckPlan(SharedState shared, HealthConfig config, HealthProber prober, DownVerdicts down,
      Consumer<Observation> publishObservation, Consumer<LoadReport> publishLoad, MeterRegistry meters, Clock clock) {
    this.shared = shared;
    this.config = config;
    this.prober = prober;
    this.down = down;
    this.publishObservation = publishObservation;
    this.publishLoad = publishLoad;
    this.meters = meters;
    this.clock = clock;
  }

  /** Takes the endpoints and load probes of {@code zones} as the wanted ones (then call {@link #reconcile}). */
  void want(ZoneSet zones) {
    wanted.clear();
    wantedLoads.clear();
    for (Zone z : zones.zones()) {
      for (Endpoint e : z.endpoints()) {
        wanted.putIfAbsent(e.key(), e);
      }
      for (LoadProbe p : z.loadProbes()) {
        wantedLoads.putIfAbsent(LOAD_PREFIX + p.region() + " " + p.url() + " " + p.field(), p);
      }
    }
  }

  /** Keys of the checked endpoints of the served zones. */
  Set<String> wantedKeys() {
    return Set.copyOf(wanted.keySet());
  }

  /** @param takeover the member list changed: checks started now take over from a member that left */
  void reconcile(boolean takeover) {
    int started = 0;
    int stopped = 0;
    for (Iterator<Map.Entry<String, EndpointCheck>> it = running.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, EndpointCheck> e = it.next();
      Endpoint want = wanted.get(e.getKey());
      if (want == null || !want.check().equals(e.getValue().endpoint().check())
          || !want.address().equals(e.getValue().endpoint().address()) || !shared.probesLocally(e.getKey())) {
        e.getValue().stop();
        retired.put(e.getKey(), e.getValue().endpoint().check());
        it.remove();
        stopped++;
      }
    }
    for (Map.Entry<String, Endpoint> e : wanted.entrySet()) {
      if (!running.containsKey(e.getKey()) && shared.probesLocally(e.getKey())) {
        // seen down (before a restart, or by the check this one replaces): start down, the first result decides
        ColdStart start = down.contains(e.getKey()) ? ColdStart.WAIT_FIRST_ROUND : config.coldStart();
        EndpointCheck c = new EndpointCheck(e.getValue(), shared.nodeName(), prober, start,
            refreshMillis(e.getValue().check(), config.staleIntervals()), publishObservation, meters, clock);
        running.put(e.getKey(), c);
        if (takeover) {
          c.startWithin(TAKEOVER_SPREAD);
        } else {
          c.start();
        }
        started++;
      }
    }
    for (Iterator<Map.Entry<String, LoadProbeTask>> it = runningLoads.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, LoadProbeTask> e = it.next();
      if (!wantedLoads.containsKey(e.getKey()) || !shared.probesLocally(e.getKey())) {
        e.getValue().stop();
        it.remove();
      }
    }
    for (Map.Entry<String, LoadProbe> e : wantedLoads.entrySet()) {
      if (!runningLoads.containsKey(e.getKey()) && shared.probesLocally(e.getKey())) {
        LoadProbeTask t = new LoadProbeTask(e.getValue(), shared.nodeName(), prober, publishLoad, meters, clock);
        runningLoads.put(e.getKey(), t);
        t.start();
      }
    }
    if (started > 0 || stopped > 0) {
      log.info("Health checks: {} started, {} stopped, {} running of {} endpoints; {} load probe(s)", started,
          stopped, running.size(), wanted.size(), runningLoads.size());
    }
  }

  /**
   * How often an unchanged verdict is re-published: once it is {@code (staleIntervals - 1.5) × interval}
   * old, i.e. about every other check with the default of 3. The view ignores observations older than
   * {@code staleIntervals × (interval + timeout)}, and results arrive up to {@code 1.1 × interval + timeout}
   * apart (jitter, and a slow probe after a fast one), so the newest published verdict is at most
   * {@code (staleIntervals - 0.4) × interval + timeout} old: fresh with a margin of {@code 0.4 × interval}
   * for the write to reach the cluster, whatever the timeout. (Re-publishing only after
   * {@code staleIntervals - 1} intervals let a down verdict go stale for a moment when the timeout is short
   * against the interval, e.g. 60 s / 1 s, and the endpoint flip to the cold-start rule.)
   */
  static long refreshMillis(CheckSpec check, int staleIntervals) {
    return (staleIntervals - 1) * check.interval().toMillis() - check.interval().toMillis() / 2;
  }

  boolean isRunning(String key) {
    return running.containsKey(key);
  }

  /** Keys of the endpoints probed now. */
  List<String> probed() {
    return List.copyOf(running.keySet());
  }

  /** This node's newest probe result per endpoint it probes (endpoints not yet probed are absent). */
  Map<String, LastCheck> lastChecks() {
    Map<String, LastCheck> out = new HashMap<>();
    for (Map.Entry<String, EndpointCheck> e : running.entrySet()) {
      LastCheck c = e.getValue().lastCheck();
      if (c != null) {
        out.put(e.getKey(), c);
      }
    }
    return out;
  }

  /** The check of every endpoint this node may hold an observation of: wanted or retired. */
  Map<String, CheckSpec> specs() {
    Map<String, CheckSpec> specs = new HashMap<>(retired);
    for (Endpoint e : wanted.values()) {
      specs.put(e.key(), e.check());
    }
    return specs;
  }

  /** Forgets retired specs whose observation is gone (not in {@code ownUnprobed}) or that run again. */
  void pruneRetired(Set<String> ownUnprobed) {
    retired.keySet().removeIf(k -> !ownUnprobed.contains(k) || running.containsKey(k));
  }

  /** Stops every check and probe. */
  void stopAll() {
    for (EndpointCheck c : running.values()) {
      c.stop();
    }
    for (LoadProbeTask t : runningLoads.values()) {
      t.stop();
    }
    running.clear();
    runningLoads.clear();
  }
}
