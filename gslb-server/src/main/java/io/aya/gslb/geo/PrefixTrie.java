package io.aya.gslb.geo;

import java.util.Arrays;

/**
 * A binary trie over address bits for longest-prefix match, stored in flat int arrays: lookups walk at most
 * one node per bit and allocate nothing. Built once by {@link Builder}, then immutable and thread-safe.
 *
 * <p>Besides the longest matching entry a lookup reports a <em>scope</em>: the shortest prefix of the looked-up
 * address inside which every address gets that same answer. It is where the walk leaves the trie, which is
 * longer than the matching entry's own prefix when more specific entries sit beside the address (a
 * {@code 10.0.0.0/8} entry answers {@code 10.2.0.0} only for {@code 10.2.0.0/15} if {@code 10.0.0.0/15} holds a
 * more specific entry). That is the ECS scope a resolver may cache the answer for (RFC 7871 §7.2.1).
 */
public final class PrefixTrie {
  private static final int NONE = -1;

  private final int[] children;
  private final int[] values;

  private PrefixTrie(int[] children, int[] values) {
    this.children = children;
    this.values = values;
  }

  /**
   * Looks up the first {@code depthLimit} bits of {@code (hi, lo)}.
   *
   * @return {@link #value(long)} and {@link #scope(long)} packed into one long
   */
  public long lookup(long hi, long lo, int depthLimit) {
    int node = 0;
    int depth = 0;
    int best = NONE;
    int scope;
    while (true) {
      if (values[node] != NONE) {
        best = values[node];
      }
      int left = children[2 * node];
      int right = children[2 * node + 1];
      if ((left == NONE && right == NONE) || depth == depthLimit) {
        scope = depth;
        break;
      }
      int next = IpBits.bit(hi, lo, depth) == 0 ? left : right;
      if (next == NONE) {
        scope = depth + 1;
        break;
      }
      node = next;
      depth++;
    }
    return ((long) (best + 1) << 32) | scope;
  }

  /** The value of the longest matching entry from a {@link #lookup} result, or -1 when none matched. */
  public static int value(long result) {
    return (int) (result >>> 32) - 1;
  }

  /** The scope prefix from a {@link #lookup} result. */
  public static int scope(long result) {
    return (int) result;
  }

  /** Collects entries; not thread-safe. */
  public static final class Builder {
    private int[] children = new int[64];
    private int[] values = new int[32];
    private int nodes = 1;

    public Builder() {
      Arrays.fill(children, NONE);
      Arrays.fill(values, NONE);
    }

    /**
     * Adds {@code value} (>= 0) for the first {@code prefix} bits of {@code (hi, lo)}.
     *
     * @return the value already stored for exactly that prefix (nothing is changed then), or -1
     */
    public int put(long hi, long lo, int prefix, int value) {
      int node = 0;
      for (int depth = 0; depth < prefix; depth++) {
        int slot = 2 * node + IpBits.bit(hi, lo, depth);
        if (children[slot] == NONE) {
          int child = newNode(); // may grow the arrays: take the new node before storing into them
          children[slot] = child;
        }
        node = children[slot];
      }
      if (values[node] != NONE) {
        return values[node];
      }
      values[node] = value;
      return NONE;
    }

    private int newNode() {
      if (nodes == values.length) {
        int size = values.length * 2;
        values = Arrays.copyOf(values, size);
        children = Arrays.copyOf(children, 2 * size);
        Arrays.fill(values, nodes, size, NONE);
        Arrays.fill(children, 2 * nodes, 2 * size, NONE);
      }
      return nodes++;
    }

    public PrefixTrie build() {
      return new PrefixTrie(Arrays.copyOf(children, 2 * nodes), Arrays.copyOf(values, nodes));
    }
  }
}
