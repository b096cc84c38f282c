package io.aya.gslb.zone;

/** Kind of active health check declared by {@code $CHECK}. */
public enum CheckType {
  TCP,
  HTTP,
  HTTPS
}
