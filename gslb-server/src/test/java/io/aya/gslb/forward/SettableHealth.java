package io.aya.gslb.forward;

import io.aya.gslb.health.HealthView;
import io.aya.gslb.health.HealthViewSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A health view the test sets by hand (endpoints down, regions drained); also its own source. */
final class SettableHealth implements HealthView, HealthViewSource {
  final Set<String> down = ConcurrentHashMap.newKeySet();
  final Set<String> drained = ConcurrentHashMap.newKeySet();

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
    return Double.NaN;
  }

  @Override
  public double admitFraction(String region) {
    return 1.0;
  }
}
