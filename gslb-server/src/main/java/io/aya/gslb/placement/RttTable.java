package io.aya.gslb.placement;

import io.aya.cluster.NetworkReport;
import io.aya.gslb.geo.IpBits;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Real-user RTT samples ({@code POST /api/v1/rtt}) aggregated per (network, region): the median of the last
 * {@link #KEEP} samples younger than {@link #MAX_AGE_MILLIS} (older ones decay out). The medians replace the
 * distance model as the planner's latency cost for that pair; each node shares its table's {@link #summary} with
 * the cluster, and the planner combines every node's ({@link ClusterFigures}). Bounded to {@link #MAX_PAIRS} pairs (the
 * stalest pair goes). Thread-safe (synchronized; never on the answer path).
 */
public final class RttTable {
  static final int KEEP = 31;
  static final long MAX_AGE_MILLIS = 15 * 60_000;
  static final int MAX_PAIRS = 200_000;

  private final Clock clock;
  private final Map<String, Map<String, Samples>> byNetwork = new HashMap<>();
  private int pairs;

  public RttTable(Clock clock) {
    this.clock = clock;
  }

  /**
   * Adds one sample.
   *
   * @return the canonical CIDR of the network
   * @throws IllegalArgumentException for a bad network or an RTT outside 0..60000 ms
   */
  public synchronized String add(String network, String region, double rttMs) {
    String cidr = IpBits.Cidr.parse(network).toString();
    if (!(rttMs >= 0 && rttMs <= 60_000)) {
      throw new IllegalArgumentException("rttMs: " + rttMs + " (expected: 0..60000)");
    }
    Map<String, Samples> m = byNetwork.computeIfAbsent(cidr, k -> new HashMap<>());
    Samples s = m.get(region);
    if (s == null) {
      if (pairs >= MAX_PAIRS) {
        evictStalest();
      }
      s = new Samples();
      m.put(region, s);
      pairs++;
    }
    s.add(rttMs, clock.millis());
    return cidr;
  }

  /** Network → region → median RTT (ms) of the fresh samples; pairs with none are left out. */
  public synchronized Map<String, Map<String, Double>> medians() {
    long horizon = clock.millis() - MAX_AGE_MILLIS;
    Map<String, Map<String, Double>> out = new TreeMap<>();
    for (Map.Entry<String, Map<String, Samples>> n : byNetwork.entrySet()) {
      for (Map.Entry<String, Samples> r : n.getValue().entrySet()) {
        double m = r.getValue().median(horizon);
        if (!Double.isNaN(m)) {
          out.computeIfAbsent(n.getKey(), k -> new TreeMap<>()).put(r.getKey(), m);
        }
      }
    }
    return out;
  }

  /**
   * What this node shares with the cluster ({@link io.aya.cluster.NetworkReport#rtt()}): network → region →
   * median and count of the fresh samples, at most {@code maxPairs} pairs (those with the newest samples).
   */
  public synchronized Map<String, Map<String, NetworkReport.RttMedian>> summary(int maxPairs) {
    long horizon = clock.millis() - MAX_AGE_MILLIS;
    List<Fresh> fresh = new ArrayList<>();
    for (Map.Entry<String, Map<String, Samples>> n : byNetwork.entrySet()) {
      for (Map.Entry<String, Samples> r : n.getValue().entrySet()) {
        Samples s = r.getValue();
        int count = s.freshCount(horizon);
        if (count > 0) {
          fresh.add(new Fresh(n.getKey(), r.getKey(), new NetworkReport.RttMedian(s.median(horizon), count),
              s.newest()));
        }
      }
    }
    if (fresh.size() > maxPairs) {
      fresh.sort(Comparator.comparingLong((Fresh e) -> -e.newest())
          .thenComparing(Fresh::network).thenComparing(Fresh::region));
      fresh = fresh.subList(0, maxPairs);
    }
    Map<String, Map<String, NetworkReport.RttMedian>> out = new TreeMap<>();
    for (Fresh e : fresh) {
      out.computeIfAbsent(e.network(), k -> new TreeMap<>()).put(e.region(), e.median());
    }
    return out;
  }

  private record Fresh(String network, String region, NetworkReport.RttMedian median, long newest) {}

  private void evictStalest() {
    String network = null;
    String region = null;
    long oldest = Long.MAX_VALUE;
    for (Map.Entry<String, Map<String, Samples>> n : byNetwork.entrySet()) {
      for (Map.Entry<String, Samples> r : n.getValue().entrySet()) {
        if (r.getValue().newest() < oldest) {
          oldest = r.getValue().newest();
          network = n.getKey();
          region = r.getKey();
        }
      }
    }
    if (network != null) {
      byNetwork.get(network).remove(region);
      if (byNetwork.get(network).isEmpty()) {
        byNetwork.remove(network);
      }
      pairs--;
    }
  }

  /** A ring of the last {@link #KEEP} samples with their times. */
  private static final class Samples {
    final double[] rtt = new double[KEEP];
    final long[] at = new long[KEEP];
    int next;
    int size;

    void add(double ms, long now) {
      rtt[next] = ms;
      at[next] = now;
      next = (next + 1) % KEEP;
      size = Math.min(KEEP, size + 1);
    }

    long newest() {
      return at[(next + KEEP - 1) % KEEP];
    }

    int freshCount(long horizon) {
      int n = 0;
      for (int i = 0; i < size; i++) {
        n += at[i] >= horizon ? 1 : 0;
      }
      return n;
    }

    double median(long horizon) {
      double[] fresh = new double[size];
      int n = 0;
      for (int i = 0; i < size; i++) {
        if (at[i] >= horizon) {
          fresh[n++] = rtt[i];
        }
      }
      if (n == 0) {
        return Double.NaN;
      }
      Arrays.sort(fresh, 0, n);
      return n % 2 == 1 ? fresh[n / 2] : (fresh[n / 2 - 1] + fresh[n / 2]) / 2;
    }
  }
}
