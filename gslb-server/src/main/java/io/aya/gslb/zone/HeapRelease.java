package io.aya.gslb.zone;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the heap that loading a big zone set took back to the system once the set is published. By then the version
 * replaced and what parsing left behind are garbage in G1's old generation, scattered over regions that also hold live
 * data, so neither G1's periodic collections nor a concurrent cycle return much of it: the heap would stay as large
 * as it grew during the reload (a 1,000,000-record zone: 600 MB to gigabytes resident for 160 MB live). So after each
 * published set with at least {@link #MIN_NAMES} names this asks for a full collection ({@code System.gc()}), on a
 * thread of its own, which compacts the heap and shrinks it to what is live plus {@code MaxHeapFreeRatio}. That is one
 * pause per big reload (about 0.3 s for 1,000,000 records on 2 cores; the DNS threads answer the queries that arrived
 * meanwhile right after it); {@code -XX:+ExplicitGCInvokesConcurrent} makes it a concurrent cycle without the pause
 * (and returns less), {@code -XX:+DisableExplicitGC} turns it off. Thread-safe; at most one request runs at a time.
 */
public final class HeapRelease implements Consumer<ZoneSet> {
  /** Sets smaller than this leave too little garbage to be worth a collection. */
  public static final int MIN_NAMES = 50_000;

  private static final Logger log = LoggerFactory.getLogger(HeapRelease.class);

  private final Runnable collect;
  private final Executor executor;
  private final AtomicBoolean running = new AtomicBoolean();

  /**
   * @param collect asks for the collection
   * @param executor where {@code collect} runs (not the reloading thread, which has its report to give)
   */
  HeapRelease(Runnable collect, Executor executor) {
    this.collect = collect;
    this.executor = executor;
  }

  /** This JVM: {@code System.gc()} on a daemon thread. */
  public static HeapRelease jvm() {
    return new HeapRelease(System::gc, task -> {
      Thread t = new Thread(task, "aya-heap-release");
      t.setDaemon(true);
      t.start();
    });
  }

  @Override
  public void accept(ZoneSet set) {
    if (names(set) < MIN_NAMES || !running.compareAndSet(false, true)) {
      return;
    }
    executor.execute(() -> {
      try {
        long started = System.nanoTime();
        collect.run();
        log.info("heap collected after publishing {} zone(s) with {} names in {} ms", set.zones().size(), names(set),
            (System.nanoTime() - started) / 1_000_000);
      } finally {
        running.set(false);
      }
    });
  }

  private static long names(ZoneSet set) {
    long n = 0;
    for (Zone z : set.zones()) {
      n += z.nodes().size();
    }
    return n;
  }
}
