package io.aya.gslb.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A seeded world for planner benchmarks: N client networks (3 in 4 IPv4 /24s, 1 in 4 IPv6 /64s) scattered
 * around 200 metros of different sizes, and R regions at some of the metros whose capacities do not follow
 * demand (60-160 % of an even share). Networks are in name order, as {@link PlacementService} hands them over.
 * Not thread-safe (the random stream).
 */
final class PlannerWorld {
  final List<NetworkDemand> networks;
  final List<Site> sites;
  private final Random rnd;

  PlannerWorld(int networkCount, int regionCount, long seed) {
    rnd = new Random(seed);
    double[][] metros = new double[200][];
    for (int m = 0; m < metros.length; m++) {
      metros[m] = new double[] {rnd.nextDouble() * 120 - 55, rnd.nextDouble() * 360 - 180, 0.2 + rnd.nextDouble()};
    }
    List<NetworkDemand> nets = new ArrayList<>(networkCount);
    double total = 0;
    for (int i = 0; i < networkCount; i++) {
      double[] m = metros[rnd.nextInt(metros.length)];
      double d = m[2] * (0.5 + rnd.nextDouble());
      total += d;
      String cidr = i % 4 == 3
          ? String.format("2001:db8:%x:%x::/64", i >>> 16, i & 0xffff)
          : (10 + (i >>> 16)) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff) + ".0/24";
      nets.add(new NetworkDemand(cidr, m[0] + rnd.nextGaussian() * 0.7, m[1] + rnd.nextGaussian() * 0.7, d,
          DemandSource.REPORTED));
    }
    nets.sort(Comparator.comparing(NetworkDemand::network));
    networks = List.copyOf(nets);
    List<Site> s = new ArrayList<>();
    for (int r = 0; r < regionCount; r++) {
      double[] m = metros[r * 7 % metros.length];
      s.add(new Site(String.format("r%02d", r), m[0], m[1], total / regionCount * (0.6 + rnd.nextDouble()), 0,
          true, 0));
    }
    sites = List.copyOf(s);
  }

  /** The same networks with each demand changed by up to ±2 % (one planning round's noise). */
  List<NetworkDemand> noisy() {
    List<NetworkDemand> out = new ArrayList<>(networks.size());
    for (NetworkDemand n : networks) {
      out.add(new NetworkDemand(n.network(), n.latitude(), n.longitude(),
          n.demand() * (0.98 + rnd.nextDouble() * 0.04), n.source()));
    }
    return out;
  }
}
