package io.aya.gslb.placement;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one planning round needs. Two members given equal problems compute equal plans (the planner
 * is deterministic: it orders everything by name).
 *
 * @param sites the regions, each once
 * @param networks the client networks with demand, each once
 * @param rttMs measured RTT medians: network CIDR → region → ms; they replace the distance model for that pair
 * @param params tuning
 */
public record PlacementProblem(
    List<Site> sites, List<NetworkDemand> networks, Map<String, Map<String, Double>> rttMs, PlacementParams params) {
  public PlacementProblem {
    sites = List.copyOf(sites);
    networks = List.copyOf(networks);
    rttMs = Map.copyOf(rttMs);
    Objects.requireNonNull(params, "params");
    Set<String> seen = new HashSet<>();
    for (Site s : sites) {
      if (!seen.add(s.name())) {
        throw new IllegalArgumentException("duplicate region: " + s.name());
      }
    }
    if (!strictlyAscending(networks)) {
      seen = new HashSet<>(networks.size() * 2);
      for (NetworkDemand n : networks) {
        if (!seen.add(n.network())) {
          throw new IllegalArgumentException("duplicate network: " + n.network());
        }
      }
    }
  }

  /** True when the networks are in strictly ascending name order (the usual case): then none is a duplicate. */
  private static boolean strictlyAscending(List<NetworkDemand> networks) {
    for (int i = 1; i < networks.size(); i++) {
      if (networks.get(i - 1).network().compareTo(networks.get(i).network()) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** The cost (ms) of serving {@code n} from {@code s}: measured median or distance model, plus {@code cost=}. */
  double cost(NetworkDemand n, Site s) {
    Map<String, Double> measured = rttMs.get(n.network());
    Double rtt = measured == null ? null : measured.get(s.name());
    double latency = rtt != null ? rtt : RttModel.ms(n.latitude(), n.longitude(), s.latitude(), s.longitude());
    return latency + s.cost();
  }
}
