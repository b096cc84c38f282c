package io.aya.cluster;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster node's one internal thread: the tick every heartbeat interval, and the tasks the other parts hand to
 * it (persisting overrides, writing everything again after a join or merge), one at a time so that none of them
 * races another. A task handed over while closing is dropped: {@link ClusterNode#close()} persists what is
 * dirty itself. Thread-safe.
 */
final class TickThread {
  private static final Logger log = LoggerFactory.getLogger(TickThread.class);

  private final String self;
  private final ScheduledExecutorService executor;
  private volatile Runnable body = () -> {};
  private volatile boolean closed;

  TickThread(String self) {
    this.self = self;
    this.executor = Executors.newSingleThreadScheduledExecutor(ClusterNode.daemon("aya-cluster-tick-" + self));
  }

  /**
   * Runs {@code body} now and then every {@code periodMillis}; a tick that fails is logged and the next one runs
   * all the same.
   */
  void start(Runnable body, long periodMillis) {
    this.body = body;
    executor.scheduleWithFixedDelay(this::tick, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Runs the tick soon, besides its schedule. */
  void tickNow() {
    execute(this::tick);
  }

  /** Runs {@code task} soon unless closing. */
  void execute(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  /** Runs {@code task} after {@code delay} unless closing. */
  void schedule(Runnable task, long delay, TimeUnit unit) {
    try {
      executor.schedule(task, delay, unit);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  /** True once {@link #close()} was called. */
  boolean closed() {
    return closed;
  }

  /** Takes no more tasks and waits (at most 2 s) for the running one. */
  void close() {
    closed = true;
    // no shutdownNow at first: interrupting the tick mid-save would close the overrides file channel
    executor.shutdown();
    try {
      if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void tick() {
    if (closed) {
      return;
    }
    try {
      body.run();
    } catch (RuntimeException e) {
      if (!closed) {
        log.warn("Cluster tick on {} failed", self, e);
      }
    }
  }
}
