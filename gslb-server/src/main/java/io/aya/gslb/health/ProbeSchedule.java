package io.aya.gslb.health;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * When a periodic probe runs on its event loop: the first one a random part of a spread from the start (so that
 * probes loaded together do not fire in lock-step), each next one a jittered interval (±10 %) after the previous
 * one started, never overlapping (a probe that takes longer delays the next). The probe reports that it is done
 * with {@link #next()}.
 *
 * <p>Thread-safety: confined to the event loop; {@link #start}, {@link #stop} and {@link #stopped} from any thread.
 */
final class ProbeSchedule {
  private final EventLoop loop;
  private final Duration interval;
  private final Runnable probe;
  private volatile boolean stopped;
  private ScheduledFuture<?> next;
  private long startedNanos;

  /** @param probe started on {@code loop}; it calls {@link #next()} when its result is in */
  ProbeSchedule(EventLoop loop, Duration interval, Runnable probe) {
    this.loop = loop;
    this.interval = interval;
    this.probe = probe;
  }

  /** Starts with the first probe a random part of {@code spread} (at most one interval) from now. */
  void start(Duration spread) {
    long bound = Math.min(spread.toNanos(), interval.toNanos());
    long first = ThreadLocalRandom.current().nextLong(Math.max(1, bound));
    loop.execute(() -> scheduleIn(first));
  }

  /** Stops: no probe starts any more, and the result of one in flight is to be ignored ({@link #stopped}). */
  void stop() {
    stopped = true;
    loop.execute(() -> {
      if (next != null) {
        next.cancel(false);
      }
    });
  }

  boolean stopped() {
    return stopped;
  }

  /** The probe is done: the next one starts a jittered interval after this one started. On the loop. */
  void next() {
    scheduleIn(Math.max(0, jittered(interval) - (System.nanoTime() - startedNanos)));
  }

  private void scheduleIn(long nanos) {
    if (!stopped) {
      next = loop.schedule(this::run, nanos, TimeUnit.NANOSECONDS);
    }
  }

  private void run() {
    if (stopped) {
      return;
    }
    startedNanos = System.nanoTime();
    probe.run();
  }

  /** {@code interval} scaled by a random factor in [0.9, 1.1). */
  static long jittered(Duration interval) {
    return (long) (interval.toNanos() * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble()));
  }
}
