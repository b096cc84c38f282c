package io.aya.cluster;

/**
 * A member's liveness stamp (or, under a {@code resync|} key, its request to have every value written again),
 * written to the heartbeat map every heartbeat interval and encoded by {@link Codec#HEARTBEATS}.
 */
record Heartbeat(long timestampMillis) {}
