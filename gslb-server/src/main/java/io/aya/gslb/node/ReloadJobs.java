package io.aya.gslb.node;

import io.aya.gslb.zone.ReloadResult;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs zone reloads one at a time on a thread of their own, so that a reload of a large zone never holds an
 * admin connection open: {@code POST /api/v1/zones/reload?wait=false} answers at once with the job, and {@code
 * GET /api/v1/zones/reloads/{id}} reports it until it is done (the default {@code wait=true} waits for it, as
 * before). A request that arrives while another waits to start joins that one (it will read the files after
 * the request anyway). The last {@value #KEPT} jobs are kept. Thread-safe.
 */
final class ReloadJobs {
  static final int KEPT = 32;

  /**
   * One reload as {@code GET /api/v1/zones/reloads/{id}} shows it.
   *
   * @param state {@code queued}, {@code running} or {@code done}
   * @param ok when done, whether every file loaded; else null
   * @param result when done, the reload report as {@code POST /api/v1/zones/reload} gives it; else null
   * @param location where to ask for it again
   */
  record Job(long id, String state, String requested, String started, String finished, Boolean ok,
      ReloadReport result, String location) {}

  private final Supplier<ReloadResult> reload;
  private final Clock clock;
  /** One thread at most, gone after 10 s without work (a node reloads rarely), at a lower priority ({@link Niceness}). */
  private final ExecutorService worker = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), r -> {
        // a reload of a big zone must not take the CPU from the DNS threads: it may take longer instead
        Thread t = new Thread(() -> {
          Niceness.lowerCurrentThread(Niceness.RELOAD);
          r.run();
        }, "aya-zone-reload");
        t.setDaemon(true);
        return t;
      });
  /** Guarded by {@code this}. */
  private final Map<Long, Entry> recent = new LinkedHashMap<>();
  private Entry queued;
  private long lastId;

  ReloadJobs(Supplier<ReloadResult> reload, Clock clock) {
    this.reload = reload;
    this.clock = clock;
  }

  private final class Entry {
    final long id;
    final Instant requested;
    volatile Instant started;
    volatile Instant finished;
    final CompletableFuture<ReloadReport> done = new CompletableFuture<>();

    Entry(long id, Instant requested) {
      this.id = id;
      this.requested = requested;
    }

    Job view() {
      ReloadReport r = done.getNow(null);
      String state = r != null || done.isCompletedExceptionally() ? "done" : started != null ? "running" : "queued";
      return new Job(id, state, requested.toString(), started == null ? null : started.toString(),
          finished == null ? null : finished.toString(),
          r != null ? Boolean.valueOf(r.ok()) : done.isCompletedExceptionally() ? Boolean.FALSE : null, r,
          "/api/v1/zones/reloads/" + id);
    }
  }

  /** Starts a reload (or joins the one waiting to start); returns its job at once. */
  synchronized Job submit() {
    return enqueue().view();
  }

  /** Starts a reload (or joins the one waiting to start) and waits until it is done. */
  ReloadReport run() {
    Entry e;
    synchronized (this) {
      e = enqueue();
    }
    return e.done.join();
  }

  /** The job {@code id}, or null when it is unknown (or no longer kept). */
  synchronized Job get(long id) {
    Entry e = recent.get(id);
    return e == null ? null : e.view();
  }

  private Entry enqueue() {
    if (queued != null) {
      return queued;
    }
    Entry e = new Entry(++lastId, clock.instant());
    queued = e;
    recent.put(e.id, e);
    if (recent.size() > KEPT) {
      recent.remove(recent.keySet().iterator().next());
    }
    worker.execute(() -> work(e));
    return e;
  }

  private void work(Entry e) {
    synchronized (this) {
      if (queued == e) {
        queued = null;
      }
    }
    e.started = clock.instant();
    try {
      ReloadReport report = ReloadReport.of(reload.get());
      e.finished = clock.instant();
      e.done.complete(report);
    } catch (RuntimeException | Error ex) {
      e.finished = clock.instant();
      e.done.completeExceptionally(ex);
    }
  }
}
