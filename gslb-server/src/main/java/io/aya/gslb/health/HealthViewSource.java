package io.aya.gslb.health;

/** Hands out the current {@link HealthView}; one volatile read per call. */
public interface HealthViewSource {
  HealthView current();

  HealthViewSource ALL_UP = () -> HealthView.ALL_UP;
}
