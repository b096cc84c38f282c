package io.aya.gslb.node;

import io.aya.gslb.admin.AdminOperations;
import io.aya.gslb.admin.ApiException;
import io.aya.gslb.placement.PlacementService;
import io.aya.gslb.placement.RttTable;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code POST /api/v1/rtt}: checks that every sample names a region of the zones served (else a 400 naming the
 * sample), adds them to the node's {@link RttTable} and has the placement service share them with the cluster
 * at once. All or nothing: a batch with a bad sample adds none. Stateless.
 */
final class RttSamples {
  /** What was taken: samples, distinct networks, and the node that now shares them. */
  record Accepted(int samples, int networks, String node) {}

  private RttSamples() {}

  static Accepted add(List<AdminOperations.RttSample> samples, ZoneSet zones, RttTable rtt,
      PlacementService placement, String node) {
    if (rtt == null || placement == null) {
      throw new ApiException(503, "placement is not running on this node yet");
    }
    Set<String> regions = new TreeSet<>();
    for (Zone z : zones.zones()) {
      regions.addAll(z.regions().keySet());
    }
    for (int i = 0; i < samples.size(); i++) {
      String region = samples.get(i).region();
      if (!regions.contains(region)) {
        throw new IllegalArgumentException("samples[" + i + "].region: '" + region + "' is not a region of any zone"
            + " (expected: one of " + (regions.isEmpty() ? "none: no zone defines a $REGION" : regions) + ")");
      }
    }
    Set<String> networks = new HashSet<>();
    for (AdminOperations.RttSample s : samples) {
      networks.add(rtt.add(s.network(), s.region(), s.rttMs()));
    }
    placement.onRttSamples();
    return new Accepted(samples.size(), networks.size(), node);
  }
}
