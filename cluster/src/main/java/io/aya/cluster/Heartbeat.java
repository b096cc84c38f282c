package io.aya.cluster;

import java.util.Map;

/**
 * A member's liveness stamp (or, under a {@code resync|} key, its request to have every value written again),
 * written to the heartbeat map every heartbeat interval and encoded by {@link Codec#HEARTBEATS}.
 *
 * @param facts what the member publishes about itself ({@link ClusterNode#publishFact}); empty from a
 *     member of an older release, which sends none
 */
record Heartbeat(long timestampMillis, Map<String, String> facts) {
  Heartbeat {
    facts = facts == null ? Map.of() : Map.copyOf(facts);
  }
}
