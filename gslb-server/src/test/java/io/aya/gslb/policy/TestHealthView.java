package io.aya.gslb.policy;

import io.aya.gslb.health.HealthView;
import io.aya.gslb.health.HealthViewSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** A health view the test sets by hand; also its own source. Single-threaded test use only. */
final class TestHealthView implements HealthView, HealthViewSource {
  final Set<String> down = new HashSet<>();
  final Set<String> drained = new HashSet<>();
  final Map<String, Double> admit = new HashMap<>();
  final Map<String, Double> load = new HashMap<>();

  @Override
  public HealthView current() {
    return this;
  }

  @Override
  public boolean endpointUp(String endpointKey) {
    return !down.contains(endpointKey);
  }

  @Override
  public boolean regionDrained(String region) {
    return drained.contains(region);
  }

  @Override
  public double regionLoad(String region) {
    return load.getOrDefault(region, Double.NaN);
  }

  @Override
  public double admitFraction(String region) {
    return admit.getOrDefault(region, 1.0);
  }
}
