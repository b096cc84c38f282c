package io.aya.gslb.policy;

import java.util.List;

/**
 * Why a client gets the answer it gets for a balanced name: the client's location, every candidate region
 * with its health, load and the decisions of each policy step, the final ranking and the answer. Produced by
 * {@link PolicyEngine#explain}, by running the same steps as the answer path with a trace attached. A plain
 * immutable record tree that Jackson serializes as is (unknown numbers are null, never NaN).
 *
 * @param name the balanced name
 * @param zone the zone origin used for endpoint keys
 * @param type {@code A} or {@code AAAA}
 * @param policy the policy words in effect
 * @param client where the client was located
 * @param regions every region of the name, in zone order
 * @param ranking the regions left after the chain, best first (empty when it fell back)
 * @param answer what is answered
 * @param placement what the placement plan says for this client, or null when the name's policy has no
 *     {@code capacity} (the plan does not apply)
 */
public record Explanation(
    String name,
    String zone,
    String type,
    String policy,
    Client client,
    List<RegionReport> regions,
    List<String> ranking,
    Answer answer,
    Placement placement) {
  public Explanation {
    regions = List.copyOf(regions);
    ranking = List.copyOf(ranking);
  }

  /**
   * The placement plan's view of the client (see docs/placement.md).
   *
   * @param planned true when the plan covers the client's network and decided its region
   * @param network the planned network that holds the client, or null
   * @param demand that network's planned demand (forecast), or null
   * @param demandSource REPORTED (a load report's breakdown), ESTIMATED (a bare load split over the networks
   *     answered with the region) or MIXED, or null
   * @param split the planned fractions of the network's demand per region, or empty
   * @param clientHash the client network's placement hash in (0, 1) that picks within the split, or null
   * @param region the region the split gives this client, or null
   * @param costs cost (ms) of each open candidate region for this network: measured or modelled RTT plus
   *     {@code cost=}; empty when the plan does not cover the network
   * @param measured the regions whose cost comes from real-user RTT samples
   * @param note how the plan was applied, or why not
   */
  public record Placement(
      boolean planned,
      String network,
      Double demand,
      String demandSource,
      java.util.Map<String, Double> split,
      Double clientHash,
      String region,
      java.util.Map<String, Double> costs,
      List<String> measured,
      String note) {}

  /**
   * The client as located.
   *
   * @param address the address that was located (ECS address or resolver source)
   * @param sourcePrefix its significant bits
   * @param network the matched network in CIDR form, or null
   * @param scopePrefix the locator's scope for that network (0: nothing matched)
   * @param latitude degrees, or null when unknown
   * @param longitude degrees, or null when unknown
   * @param pinnedRegion the region the network map pins this network to, or null
   * @param source what decided the location: NETWORK_MAP, GEOIP or UNKNOWN
   */
  public record Client(
      String address,
      int sourcePrefix,
      String network,
      int scopePrefix,
      String country,
      String continent,
      Double latitude,
      Double longitude,
      String pinnedRegion,
      String source) {}

  /**
   * One region of the balanced name.
   *
   * @param distanceKm great-circle distance from the client, or null without client coordinates
   * @param membersUp members the health view lets us answer
   * @param familyMembersUp of those, members of the queried family
   * @param load smoothed load in capacity units, or null without a fresh report
   * @param capacity declared capacity, 0 for unlimited
   * @param admitFraction fraction of offered demand the region admits, in [0, 1]
   * @param clientHash the client network's capacity hash in (0, 1), or null when the capacity step did not
   *     need it (region admits everything, or the region was dropped before that step)
   * @param kept whether the region survived the chain
   * @param step the step that decided last: the one that dropped it, or the last one that kept it
   * @param reason that step's reason
   * @param rank 1-based position in the final ranking, or null when dropped
   * @param steps every decision taken on this region, in chain order
   */
  public record RegionReport(
      String region,
      Double distanceKm,
      int membersUp,
      int members,
      int familyMembersUp,
      boolean drained,
      Double load,
      long capacity,
      double admitFraction,
      Double clientHash,
      boolean kept,
      String step,
      String reason,
      Integer rank,
      List<Decision> steps) {
    public RegionReport {
      steps = List.copyOf(steps);
    }
  }

  /** One step's decision on one region. */
  public record Decision(String step, boolean kept, String reason) {}

  /**
   * The answer.
   *
   * @param addresses the answered addresses in answer order (empty: NODATA)
   * @param ttl TTL of the records
   * @param scopePrefix ECS scope prefix of the reply (0: valid for every client)
   * @param fallback true when no region was left and {@code fallback=} decided the answer
   * @param note how the answer came about
   */
  public record Answer(List<String> addresses, long ttl, int scopePrefix, boolean fallback, String note) {
    public Answer {
      addresses = List.copyOf(addresses);
    }
  }
}
