package io.aya.gslb.policy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * {@code aya_answers_total{zone,region,outcome}}: balanced answers by the region they sent the client to and
 * how the policy got there. The counters of a name are looked up once, when the name is compiled
 * ({@link #tally}); counting an answer is one array read and one lock-free increment, with no tag lookup
 * and no allocation.
 *
 * <p>Outcomes: {@code region} (the chain chose a region: {@code region} is the first one answered),
 * {@code fallback} (every region was dropped and the name's {@code fallback=} answered; {@code region="none"}),
 * {@code nodata} (nothing to answer, e.g. {@code fallback=none}; {@code region="none"}). Thread-safe.
 */
public final class AnswerMeters {
  static final String NAME = "aya.answers";
  static final String NONE = "none";

  private final MeterRegistry registry;

  public AnswerMeters(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** The counters of one compiled name: one per pool, then fallback and nodata. */
  Tally tally(CompiledName c) {
    Counter[] byPool = new Counter[c.pools.length];
    for (int i = 0; i < byPool.length; i++) {
      byPool[i] = counter(c.zone, c.pools[i].regionName, "region");
    }
    return new Tally(byPool, counter(c.zone, NONE, "fallback"), counter(c.zone, NONE, "nodata"));
  }

  private Counter counter(String zone, String region, String outcome) {
    return Counter.builder(NAME).tag("zone", zone).tag("region", region).tag("outcome", outcome)
        .description("balanced answers by zone, the region answered and the policy outcome")
        .register(registry);
  }

  /** Pre-resolved counters of one name. */
  static final class Tally {
    private final Counter[] byPool;
    private final Counter fallback;
    private final Counter nodata;

    Tally(Counter[] byPool, Counter fallback, Counter nodata) {
      this.byPool = byPool;
      this.fallback = fallback;
      this.nodata = nodata;
    }

    /** Counts an answer with nothing to give (the name has no member of the asked family). */
    void nodata() {
      nodata.increment();
    }

    /** Counts the outcome a selection reached. */
    void count(Selection sel) {
      if (sel.fallback) {
        (sel.fallbackRecords.isEmpty() ? nodata : fallback).increment();
      } else if (sel.pickedCount > 0 && sel.count > 0) {
        byPool[sel.order[0]].increment();
      } else {
        nodata.increment();
      }
    }
  }
}
