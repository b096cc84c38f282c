package io.aya.cluster;

import static org.junit.jupiter.api.Assertions.assertSame;

import com.hazelcast.spi.merge.MergingValue;
import io.aya.cluster.OperatorOverride.Kind;
import org.junit.jupiter.api.Test;

/** The split-brain merge decision itself; {@link SplitBrainMergeTest} runs it inside a real merge. */
class TimestampMergePolicyTest {
  private final TimestampMergePolicy policy = new TimestampMergePolicy();

  /** What Hazelcast hands the policy for a replicated-map entry stored in OBJECT format. */
  private record Value(String json) implements MergingValue<Object> {
    @Override
    public Object getDeserializedValue() {
      return json;
    }

    @Override
    public Object getRawValue() {
      return json;
    }
  }

  private static Value override(boolean active, long ts, String node) {
    return new Value(Codec.OVERRIDES.encode(new OperatorOverride(Kind.DRAIN, "eu-west", active, ts, node)));
  }

  @Test
  void theValueWithTheNewerOwnTimestampIsKeptWhicheverSideMerges() {
    Value older = override(true, 1_000, "a");
    Value newer = override(false, 2_000, "b");
    assertSame(newer.json(), policy.merge(newer, older));
    assertSame(newer.json(), policy.merge(older, newer));
  }

  @Test
  void equalTimestampsAreDecidedAsEveryNodesViewDecidesThem() {
    Value drain = override(true, 1_000, "a");
    Value undrain = override(false, 1_000, "b");
    assertSame(drain.json(), policy.merge(drain, undrain));
    assertSame(drain.json(), policy.merge(undrain, drain));
    Value down = new Value(Codec.OBSERVATIONS.encode(new Observation("e", "n", false, 7, "HTTP 503")));
    Value up = new Value(Codec.OBSERVATIONS.encode(new Observation("e", "n", true, 7, "HTTP 200")));
    assertSame(down.json(), policy.merge(up, down));
    assertSame(down.json(), policy.merge(down, up));
  }

  @Test
  void aMissingSideKeepsTheOtherAndForeignValuesKeepTheExistingOne() {
    Value v = override(true, 1, "a");
    assertSame(v.json(), policy.merge(v, null));
    assertSame(v.json(), policy.merge(null, v));
    MergingValue<Object> foreign = new MergingValue<>() {
      @Override
      public Object getDeserializedValue() {
        return 42;
      }

      @Override
      public Object getRawValue() {
        return 42;
      }
    };
    assertSame(v.json(), policy.merge(foreign, v));
  }
}
