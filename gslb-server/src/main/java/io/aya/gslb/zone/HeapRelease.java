package io.aya.gslb.zone;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the heap that loading a big zone set took back to the system once the set is published. The version replaced
 * and what parsing left behind are garbage in G1's old generation by then, which only a concurrent cycle finds; without
 * one the heap stays as large as it grew during the reload (a 1,000,000-record zone: gigabytes of resident memory for
 * 150 MB live). So after each published set with at least {@link #MIN_NAMES} names this asks for a collection, on a
 * thread of its own, and only when the JVM runs {@code System.gc()} as a concurrent cycle
 * ({@code -XX:+ExplicitGCInvokesConcurrent}, which the {@code aya} launcher sets): G1 then shrinks the heap at the
 * cycle's remark with pauses of milliseconds, while the DNS threads keep answering. A JVM that would stop for a full
 * collection instead is left alone. Thread-safe; at most one request runs at a time.
 */
public final class HeapRelease implements Consumer<ZoneSet> {
  /** Sets smaller than this leave too little garbage to be worth a collection. */
  public static final int MIN_NAMES = 50_000;

  private static final Logger log = LoggerFactory.getLogger(HeapRelease.class);

  private final boolean concurrent;
  private final Runnable collect;
  private final Executor executor;
  private final AtomicBoolean running = new AtomicBoolean();

  /**
   * @param concurrent whether {@code collect} runs concurrently with the application (else it is never run)
   * @param collect asks for the collection
   * @param executor where {@code collect} runs (not the reloading thread: a concurrent cycle takes seconds)
   */
  HeapRelease(boolean concurrent, Runnable collect, Executor executor) {
    this.concurrent = concurrent;
    this.collect = collect;
    this.executor = executor;
  }

  /** This JVM: {@code System.gc()} on a daemon thread, when it is a concurrent cycle here. */
  public static HeapRelease jvm() {
    return new HeapRelease(explicitGcIsConcurrent(), System::gc, task -> {
      Thread t = new Thread(task, "aya-heap-release");
      t.setDaemon(true);
      t.start();
    });
  }

  @Override
  public void accept(ZoneSet set) {
    if (!concurrent || names(set) < MIN_NAMES || !running.compareAndSet(false, true)) {
      return;
    }
    executor.execute(() -> {
      try {
        long started = System.nanoTime();
        collect.run();
        log.debug("heap collected after publishing {} zone(s) in {} ms", set.zones().size(),
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

  private static boolean explicitGcIsConcurrent() {
    try {
      HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return hotspot != null && Boolean.parseBoolean(hotspot.getVMOption("ExplicitGCInvokesConcurrent").getValue());
    } catch (RuntimeException e) {
      return false; // not a HotSpot JVM: no way to tell, so no collection is asked for
    }
  }
}
