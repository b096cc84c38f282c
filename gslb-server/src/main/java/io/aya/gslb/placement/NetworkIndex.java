package io.aya.gslb.placement;

import io.aya.gslb.geo.IpBits;
import io.aya.gslb.geo.PrefixTrie;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The planned networks of a {@link PlacementPlan} by name and by address (a flat prefix trie per family), mapping
 * to their index in the plan's problem. Building it parses every CIDR and fills two tries; a plan whose planned
 * networks are the previous plan's (the usual case: the set of networks changes far less often than their
 * demand) takes the previous index as it is ({@link #reuse}). Immutable and thread-safe.
 */
final class NetworkIndex {
  static final NetworkIndex EMPTY = new NetworkIndex(new String[0], new int[0], Map.of(), null, null);

  /** Names of the planned networks and their indices in the problem, in problem order. */
  private final String[] names;
  private final int[] positions;
  private final Map<String, Integer> byName;
  private final PrefixTrie v4;
  private final PrefixTrie v6;

  private NetworkIndex(String[] names, int[] positions, Map<String, Integer> byName, PrefixTrie v4, PrefixTrie v6) {
    this.names = names;
    this.positions = positions;
    this.byName = byName;
    this.v4 = v4;
    this.v6 = v6;
  }

  /** The index of the networks with a split, or {@code previous} when that indexes exactly the same ones. */
  static NetworkIndex of(List<NetworkDemand> nets, int[][] splitRegions, NetworkIndex previous) {
    int count = 0;
    for (int[] rs : splitRegions) {
      count += rs.length > 0 ? 1 : 0;
    }
    String[] names = new String[count];
    int[] positions = new int[count];
    int j = 0;
    for (int i = 0; i < splitRegions.length; i++) {
      if (splitRegions[i].length > 0) {
        names[j] = nets.get(i).network();
        positions[j++] = i;
      }
    }
    if (count == 0) {
      return EMPTY;
    }
    if (previous != null && Arrays.equals(positions, previous.positions) && Arrays.equals(names, previous.names)) {
      return previous;
    }
    Map<String, Integer> byName = new HashMap<>(count * 2);
    PrefixTrie.Builder b4 = new PrefixTrie.Builder();
    PrefixTrie.Builder b6 = new PrefixTrie.Builder();
    for (int k = 0; k < count; k++) {
      IpBits.Cidr c = IpBits.Cidr.parse(names[k]);
      (c.bits() == 32 ? b4 : b6).put(c.hi(), c.lo(), c.prefix(), positions[k]);
      byName.put(names[k], positions[k]);
    }
    return new NetworkIndex(names, positions, Collections.unmodifiableMap(byName), b4.build(), b6.build());
  }

  int size() {
    return names.length;
  }

  /** The problem index of {@code network} (CIDR as planned), or -1. */
  int indexOf(String network) {
    Integer i = byName.get(network);
    return i == null ? -1 : i;
  }

  Map<String, Integer> byName() {
    return byName;
  }

  /** See {@link PlacementPlan#lookup}; the index has at least one network. */
  long lookup(boolean ipv4, long hi, long lo, int depth) {
    PrefixTrie trie = ipv4 ? v4 : v6;
    long r = trie.lookup(hi, lo, depth);
    return ((long) PrefixTrie.value(r) << 32) | PrefixTrie.scope(r);
  }
}
