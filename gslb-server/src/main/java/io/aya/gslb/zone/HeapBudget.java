package io.aya.gslb.zone;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Decides before a zone file is parsed whether the heap can hold what parsing it takes, so that a reload that
 * cannot fit is refused (the previous version keeps serving) instead of sending the JVM into back-to-back full
 * collections while it answers. Parsing takes up to {@link #BYTES_PER_FILE_BYTE} bytes of heap per byte of zone
 * file (and of the files it includes) at its peak: the parser streams the file, so what it takes is the new zone
 * itself (about 5 bytes per byte of file, packed) and the per-name checks beside it (measured on a 1M-record, 28 MB
 * file: it parses within a 200 MB heap, 138 MB kept), on top of everything already live, including the version
 * being replaced. One method: the heap left for a new zone. Implementations are thread-safe.
 */
@FunctionalInterface
public interface HeapBudget {
  /** Peak heap bytes of parsing per byte of zone file. */
  long BYTES_PER_FILE_BYTE = 10;

  /**
   * Bytes of heap that a zone being loaded may still take; an implementation may work harder to find {@code
   * needed} bytes (collect garbage) when a cheap look finds fewer.
   */
  long available(long needed);

  /** The JVM's own heap: its maximum less what is live, keeping a tenth of the maximum in reserve. */
  HeapBudget JVM = new HeapBudget() {
    @Override
    public long available(long needed) {
      long max = Runtime.getRuntime().maxMemory();
      long live = live();
      if (max - max / 10 - live < needed) {
        // what looked live may be garbage not yet collected: look again after a collection (rare: only near
        // the limit, and a reload is a rare event)
        System.gc();
        live = live();
      }
      return max - max / 10 - live;
    }

    /** Heap in use outside the young generation's eden (eden is mostly garbage between collections). */
    private long live() {
      long used = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP && !pool.getName().toLowerCase(Locale.ROOT).contains("eden")) {
          used += pool.getUsage().getUsed();
        }
      }
      return used;
    }

    @Override
    public String toString() {
      return "the JVM heap (" + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB maximum)";
    }
  };

  /** Heap that parsing {@code file} is expected to take at its peak, counting the files it includes. */
  static long estimate(Path file) {
    return IncludedFiles.totalSize(file) * BYTES_PER_FILE_BYTE;
  }
}
