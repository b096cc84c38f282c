package io.aya.gslb.health;

import io.aya.cluster.Observation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's down verdicts by endpoint key: the endpoints its checks last published down. With a state
 * directory they are persisted ({@link VerdictStore}) whenever the set changes, and the set persisted before
 * this start is loaded at once: a check (re)started for such an endpoint starts down, and the view keeps it
 * out of the answers until its first new result ({@link #beforeStart()}).
 *
 * <p>{@link #contains} is thread-safe; {@link #record}, {@link #retainOnly} and {@link #persist} run on the
 * health monitor's publishing thread only.
 */
final class DownVerdicts {
  private static final Logger log = LoggerFactory.getLogger(DownVerdicts.class);

  private final VerdictStore store;
  private final Map<String, Observation> down = new ConcurrentHashMap<>();
  private final Map<String, Observation> beforeStart;

  /** @param stateDir where the verdicts are kept across restarts, or null for memory only */
  DownVerdicts(Path stateDir) {
    this.store = stateDir == null ? null : new VerdictStore(stateDir);
    this.beforeStart = store == null ? Map.of() : Map.copyOf(store.load());
    down.putAll(beforeStart);
    if (!beforeStart.isEmpty()) {
      log.info("{} endpoint(s) were down before the restart ({}): not answered until a new result",
          beforeStart.size(), store.file());
    }
  }

  /** The verdicts persisted before this start, by endpoint key (empty without a state directory). */
  Map<String, Observation> beforeStart() {
    return beforeStart;
  }

  /** True when this node last saw the endpoint down (before a restart, or by a check since). */
  boolean contains(String key) {
    return down.containsKey(key);
  }

  /** Takes a published result in; persists the set when it changed. */
  void record(Observation o) {
    boolean changed = o.up() ? down.remove(o.endpoint()) != null : down.put(o.endpoint(), o) == null;
    if (changed) {
      persist();
    }
  }

  /** Drops the verdicts of endpoints that left the zones; true when any was dropped (then {@link #persist()}). */
  boolean retainOnly(Set<String> keys) {
    return down.keySet().retainAll(keys);
  }

  void persist() {
    if (store != null) {
      store.save(List.copyOf(down.values()));
    }
  }
}
