package io.aya.gslb.policy;

import io.aya.gslb.health.HealthView;
import io.aya.gslb.health.HealthViewSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A health view the test sets by hand; also its own source (policy and forwarding tests). Thread-safe: a running DNS server reads it on its
 * event loops while the test changes it.
 */
public final class TestHealthView implements HealthView, HealthViewSource {
  public final Set<String> down = ConcurrentHashMap.newKeySet();
  public final Set<String> drained = ConcurrentHashMap.newKeySet();
  final Map<String, Double> admit = new ConcurrentHashMap<>();
  final Map<String, Double> load = new ConcurrentHashMap<>();

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
