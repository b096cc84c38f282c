package io.aya.gslb.placement;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates networks into location cells for the planner: one cell per network while there are at most
 * {@link PlacementParams#maxCells} of them (and {@link PlacementParams#cellDegrees} is 0), else a grid of the
 * smallest size from {@code cellDegrees} (0.25° when 0), doubling up to 16°, that leaves at most {@code maxCells}
 * cells with demand. Unlocated networks share one cell. A network with measured RTTs is a cell of its own (its
 * samples are about it, not its neighbours), for the first {@code maxCells / 2} of them in name order; the grid
 * is sized for the rest. Each grid size is tried by counting distinct cells in a
 * primitive hash set that stops as soon as there are too many, so the sizes that are too fine cost little.
 * Stateless.
 */
final class CellGrid {
  static final double FINEST_DEGREES = 0.25;
  static final double COARSEST_DEGREES = 16;
  private static final long UNLOCATED = Long.MIN_VALUE;
  /** Marks a network that is a cell of its own (grid latitudes are 0..720 at 0.25°). */
  private static final long OWN_CELL = -1;

  private CellGrid() {}

  /**
   * A cell number per network, {@code 0..cells-1} in order of first appearance (so in network order), or -1
   * for a network without demand.
   */
  static int[] assign(List<NetworkDemand> nets, PlacementParams params, java.util.Set<String> measured) {
    int n = nets.size();
    int withDemand = 0;
    for (NetworkDemand d : nets) {
      withDemand += d.demand() > 0 ? 1 : 0;
    }
    if (params.cellDegrees() == 0 && withDemand <= params.maxCells()) {
      int[] cells = new int[n];
      int next = 0;
      for (int i = 0; i < n; i++) {
        cells[i] = nets.get(i).demand() > 0 ? next++ : -1;
      }
      return cells;
    }
    // grid indices at the base size; coarser sizes are these shifted right (exact: powers of two)
    double base = params.cellDegrees() == 0 ? FINEST_DEGREES : params.cellDegrees();
    long[] lat = new long[n];
    long[] lon = new long[n];
    int own = 0;
    for (int i = 0; i < n; i++) {
      NetworkDemand d = nets.get(i);
      if (own < params.maxCells() / 2 && d.demand() > 0 && measured.contains(d.network())) {
        // a key no grid cell has: the network's index, in the otherwise unused latitude range
        lat[i] = OWN_CELL;
        lon[i] = i;
        own++;
      } else if (d.located()) {
        lat[i] = (long) Math.floor((d.latitude() + 90) / base);
        lon[i] = (long) Math.floor((d.longitude() + 180) / base);
      }
    }
    int shift = 0;
    while (base * (1 << shift) < COARSEST_DEGREES
        && distinctAtMost(nets, lat, lon, shift, params.maxCells()) > params.maxCells()) {
      shift++;
    }
    return number(nets, lat, lon, shift);
  }

  private static long key(NetworkDemand d, long lat, long lon, int shift) {
    if (lat == OWN_CELL) {
      return OWN_CELL << 32 | lon;
    }
    return d.located() ? (lat >> shift) << 32 | (lon >> shift) : UNLOCATED;
  }

  /** The number of distinct cells with demand at {@code shift}, or {@code limit + 1} once it exceeds limit. */
  private static int distinctAtMost(List<NetworkDemand> nets, long[] lat, long[] lon, int shift, int limit) {
    long[] table = new long[Integer.highestOneBit(Math.max(16, limit * 4)) * 2];
    boolean[] used = new boolean[table.length];
    int mask = table.length - 1;
    int count = 0;
    for (int i = 0; i < lat.length; i++) {
      NetworkDemand d = nets.get(i);
      if (!(d.demand() > 0)) {
        continue;
      }
      long k = key(d, lat[i], lon[i], shift);
      int slot = (int) (mix(k) & mask);
      while (used[slot] && table[slot] != k) {
        slot = (slot + 1) & mask;
      }
      if (!used[slot]) {
        used[slot] = true;
        table[slot] = k;
        if (++count > limit) {
          return count;
        }
      }
    }
    return count;
  }

  private static int[] number(List<NetworkDemand> nets, long[] lat, long[] lon, int shift) {
    int[] cells = new int[nets.size()];
    Arrays.fill(cells, -1);
    Map<Long, Integer> ids = new HashMap<>();
    for (int i = 0; i < cells.length; i++) {
      NetworkDemand d = nets.get(i);
      if (d.demand() > 0) {
        Integer id = ids.putIfAbsent(key(d, lat[i], lon[i], shift), ids.size());
        cells[i] = id == null ? ids.size() - 1 : id;
      }
    }
    return cells;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
