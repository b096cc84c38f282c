package io.aya.gslb.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that a test moves by hand instead of waiting out real time. Thread-safe. */
public final class TestClock extends Clock {
  private final AtomicLong millis;

  private TestClock(long startMillis) {
    this.millis = new AtomicLong(startMillis);
  }

  /** Starts at the wall clock's current time, then moves only when told. */
  public static TestClock startingNow() {
    return new TestClock(System.currentTimeMillis());
  }

  public void advance(Duration d) {
    millis.addAndGet(d.toMillis());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
