package io.aya.cluster;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.replicatedmap.ReplicatedMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes values into the replicated maps on one background thread. A replicated-map put waits for the
 * key's partition owner, which can take seconds while a dead member is being dropped; callers of
 * {@link SharedState} must not wait for that. Pending writes are coalesced per key (only the latest value
 * of a key is written, a deletion included), and a failed write is simply dropped: the node's mirror still
 * holds the value (or its deletion) and the next reconcile writes it again.
 *
 * <p>Thread-safe.
 */
final class Writer {
  private static final Logger log = LoggerFactory.getLogger(Writer.class);

  private record Target(ReplicatedMap<String, String> map, String key) {}

  /** The pending "value" of a key to delete (compared by identity; no JSON text is empty). */
  @SuppressWarnings("StringOperationCanBeSimplified")
  private static final String REMOVE = new String("");

  private final Map<Target, String> pending = new ConcurrentHashMap<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ExecutorService thread;
  private volatile boolean failing;

  Writer(String nodeName) {
    this.thread = Executors.newSingleThreadExecutor(ClusterNode.daemon("aya-cluster-writer-" + nodeName));
  }

  void enqueue(ReplicatedMap<String, String> map, String key, String json) {
    pending.put(new Target(map, key), json);
    if (scheduled.compareAndSet(false, true)) {
      try {
        thread.execute(this::drain);
      } catch (RejectedExecutionException e) {
        scheduled.set(false);
      }
    }
  }

  /** Deletes {@code key} from {@code map}, replacing any pending write of it. */
  void enqueueRemove(ReplicatedMap<String, String> map, String key) {
    enqueue(map, key, REMOVE);
  }

  private void drain() {
    scheduled.set(false);
    Iterator<Map.Entry<Target, String>> it = pending.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Target, String> e = it.next();
      Target t = e.getKey();
      String json = e.getValue();
      pending.remove(t, json);
      try {
        if (json == REMOVE) {
          t.map().remove(t.key());
        } else {
          t.map().put(t.key(), json);
        }
        if (failing) {
          failing = false;
          log.info("Cluster writes succeed again");
        }
      } catch (HazelcastInstanceNotActiveException e1) {
        return;
      } catch (RuntimeException e1) {
        if (!failing) {
          failing = true;
          log.warn("Cluster write of {} to {} failed (will be retried by reconcile): {}", t.key(),
              t.map().getName(), e1.toString());
        }
      }
    }
  }

  /**
   * Stops taking writes, gives the ones already queued up to {@code timeout} to reach the cluster, then
   * drops the rest (they are still in the node's mirror; overrides also on disk).
   */
  void close(long timeout, TimeUnit unit) {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(timeout, unit)) {
        log.warn("{} cluster write(s) still pending at close; dropped", pending.size());
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
    pending.clear();
  }
}
