package io.aya.gslb.node;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Keeps the Prometheus exposition clean for {@code promtool check metrics}: Micrometer's
 * {@code process.cpu.time} is exported in nanoseconds ({@code process_cpu_time_ns_total}, an abbreviated
 * unit) and {@code system.cpu.count} ends in {@code _count} like a summary. The first is dropped
 * ({@code process_cpu_usage} remains), the second is renamed {@code system_cpus}. AYA's own meters are named
 * {@code aya.*} where they are created.
 */
final class MeterNames {
  private MeterNames() {}

  static void apply(MeterRegistry meters) {
    meters.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
    meters.config().meterFilter(new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
      }
    });
  }
}
