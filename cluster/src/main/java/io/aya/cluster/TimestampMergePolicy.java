package io.aya.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * Split-brain merge policy for AYA's replicated maps: of the two copies of a key, keeps the newer one by
 * the value's own {@code timestampMillis} (inside the JSON value) and, on equal timestamps, by the same
 * tie-break rules as every node's local view ({@link Versions}), so that both sides of a healed partition
 * pick the same value whatever the merge direction, and the same one the nodes' views already hold.
 * Hazelcast's own {@code LatestUpdateMergePolicy} compares when the entry was written into a member's map,
 * which is not when the fact was observed.
 *
 * <p>Stateless; Hazelcast instantiates it by class name on every member.
 */
public final class TimestampMergePolicy
    implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object> {

  /** Used by Hazelcast. */
  public TimestampMergePolicy() {}

  @Override
  public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
    if (existing == null) {
      return merging.getRawValue();
    }
    if (merging == null) {
      return existing.getRawValue();
    }
    Object m = merging.getDeserializedValue();
    Object e = existing.getDeserializedValue();
    if (!(m instanceof String ms) || !(e instanceof String es)) {
      return existing.getRawValue();
    }
    return wins(ms, es) ? merging.getRawValue() : existing.getRawValue();
  }

  /** True when encoded value {@code a} should replace {@code b}. */
  static boolean wins(String a, String b) {
    return Versions.newerEncoded(a, b);
  }

  @Override
  public void writeData(ObjectDataOutput out) {}

  @Override
  public void readData(ObjectDataInput in) {}
}
