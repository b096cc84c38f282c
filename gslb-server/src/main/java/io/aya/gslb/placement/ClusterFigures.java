package io.aya.gslb.placement;

import io.aya.cluster.NetworkReport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Combines the fresh {@link NetworkReport}s of every node into the cluster-wide figures the planner uses, so that
 * members with the same reports plan alike: answers per region and network are summed over the nodes; the RTT
 * of a (network, region) pair is the median of the nodes' medians weighted by their sample counts (the exact
 * median when one node holds all samples of the pair). Reports are taken in node order, so sums are the same
 * on every member. Stateless.
 */
final class ClusterFigures {
  private ClusterFigures() {}

  /** The reports stamped at or after {@code notBeforeMillis}, in node order. */
  static List<NetworkReport> fresh(Collection<NetworkReport> reports, long notBeforeMillis) {
    List<NetworkReport> out = new ArrayList<>();
    for (NetworkReport r : reports) {
      if (r.timestampMillis() >= notBeforeMillis) {
        out.add(r);
      }
    }
    out.sort(Comparator.comparing(NetworkReport::node));
    return out;
  }

  /** Region → network → answers, summed over the reports. */
  static Map<String, Map<String, Double>> answers(List<NetworkReport> reports) {
    Map<String, Map<String, Double>> out = new TreeMap<>();
    for (NetworkReport r : reports) {
      r.answers().forEach((region, nets) -> {
        Map<String, Double> m = out.computeIfAbsent(region, k -> new TreeMap<>());
        nets.forEach((net, n) -> m.merge(net, n, Double::sum));
      });
    }
    return out;
  }

  /** Network → region → RTT (ms): the sample-weighted median of the reports' medians. */
  static Map<String, Map<String, Double>> rttMedians(List<NetworkReport> reports) {
    Map<String, Map<String, List<NetworkReport.RttMedian>>> all = new TreeMap<>();
    for (NetworkReport r : reports) {
      r.rtt().forEach((net, regions) -> regions.forEach((region, m) ->
          all.computeIfAbsent(net, k -> new TreeMap<>()).computeIfAbsent(region, k -> new ArrayList<>()).add(m)));
    }
    Map<String, Map<String, Double>> out = new TreeMap<>();
    all.forEach((net, regions) -> {
      Map<String, Double> m = new TreeMap<>();
      regions.forEach((region, medians) -> m.put(region, weightedMedian(medians)));
      out.put(net, m);
    });
    return out;
  }

  static double weightedMedian(List<NetworkReport.RttMedian> medians) {
    List<NetworkReport.RttMedian> sorted = new ArrayList<>(medians);
    sorted.sort(Comparator.comparingDouble(NetworkReport.RttMedian::ms));
    long total = 0;
    for (NetworkReport.RttMedian m : sorted) {
      total += m.samples();
    }
    long seen = 0;
    for (int i = 0; i < sorted.size(); i++) {
      seen += sorted.get(i).samples();
      if (2 * seen == total && i + 1 < sorted.size()) {
        return (sorted.get(i).ms() + sorted.get(i + 1).ms()) / 2;
      }
      if (2 * seen >= total) {
        return sorted.get(i).ms();
      }
    }
    return sorted.get(sorted.size() - 1).ms();
  }
}
