package io.aya.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Encodes shared values as JSON strings for the replicated maps, so that what travels between members is
 * plain text (no Java serialization, readable in diagnostics, stable across releases that add fields).
 * Thread-safe.
 */
final class Codec<V> {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static final Codec<Observation> OBSERVATIONS = new Codec<>(Observation.class);
  static final Codec<LoadReport> LOADS = new Codec<>(LoadReport.class);
  static final Codec<OperatorOverride> OVERRIDES = new Codec<>(OperatorOverride.class);
  static final Codec<NetworkReport> NETWORKS = new Codec<>(NetworkReport.class);
  static final Codec<Heartbeat> HEARTBEATS = new Codec<>(Heartbeat.class);

  private final Class<V> type;

  private Codec(Class<V> type) {
    this.type = type;
  }

  static <V> Codec<V> of(Class<V> type) {
    return new Codec<>(type);
  }

  String encode(V value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(type.getSimpleName() + ": cannot encode " + value, e);
    }
  }

  /** The decoded value, or {@code null} when the text is not a valid value of this type. */
  V decode(String json) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Reads {@code timestampMillis} from any encoded value; {@link Long#MIN_VALUE} when absent. */
  static long timestampOf(String json) {
    try {
      return JSON.readTree(json).path("timestampMillis").asLong(Long.MIN_VALUE);
    } catch (JsonProcessingException e) {
      return Long.MIN_VALUE;
    }
  }
}
