package io.aya.cluster;

import com.hazelcast.replicatedmap.ReplicatedMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One replicated map with this node's {@link Mirror} of it, and how to read a value's writer and timestamp
 * (for propagation delays).
 */
record Replica<V>(ReplicatedMap<String, String> map, Mirror<V> mirror, Function<V, String> origin,
    ToLongFunction<V> timestamp) {}
