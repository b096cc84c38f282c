package io.aya.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans a change out to the {@link SharedState} listeners on one internal thread: {@link #changed()} schedules
 * one round of calls, and changes that arrive before it runs are covered by it. A failing listener is logged
 * and does not stop the others. Thread-safe.
 */
final class ChangeNotifier {
  private static final Logger log = LoggerFactory.getLogger(ChangeNotifier.class);

  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService events;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean closed;

  ChangeNotifier(String nodeName) {
    this.events = Executors.newSingleThreadExecutor(ClusterNode.daemon("aya-cluster-events-" + nodeName));
  }

  void add(Runnable onChange) {
    listeners.add(onChange);
  }

  /** Schedules one listener round unless one is pending or the node is closing. */
  void changed() {
    if (closed || !scheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      events.execute(() -> {
        scheduled.set(false);
        for (Runnable l : listeners) {
          try {
            l.run();
          } catch (RuntimeException e) {
            log.warn("Shared-state listener failed", e);
          }
        }
      });
    } catch (RejectedExecutionException e) {
      scheduled.set(false);
    }
  }

  /** No more rounds; a running one is interrupted. */
  void close() {
    closed = true;
    events.shutdownNow();
  }
}
