package io.aya.gslb.admin;

import java.net.InetAddress;

/**
 * What the admin API asks of the node. Each method returns a Jackson-serializable value or throws
 * {@link ApiException} / {@link IllegalArgumentException} (400) naming the problem. Implementations are
 * thread-safe; they may block briefly (file reads on reload), never on the DNS event loops.
 */
public interface AdminOperations {
  /** Node name and counts for {@code /healthz}. */
  Object health();

  /** Zones served now. */
  Object zones();

  /** The DS records of a signed zone for its parent ({@code GET /api/v1/zones/{zone}/ds}, docs/dnssec.md). */
  default Object ds(String zone) {
    throw ApiException.notFound("zone " + zone + " is not signed");
  }

  /**
   * A signed zone as a signed zone file with an NSEC chain ({@code GET /api/v1/zones/{zone}/signed}, for {@code
   * dnssec-verify} or a secondary that serves it signed; docs/dnssec.md).
   */
  default String signedZone(String zone) {
    throw ApiException.notFound("zone " + zone + " is not signed");
  }

  /** Re-reads the zone files. */
  ReloadOutcome reloadZones();

  /** Starts re-reading the zone files and returns at once: the reload job and where to follow it. */
  default Object reloadZonesInBackground() {
    throw new ApiException(404, "background reloads are not available here");
  }

  /** A reload started in the background ({@code GET /api/v1/zones/reloads/{id}}); 404 when unknown. */
  default Object reloadJob(long id) {
    throw ApiException.notFound("reload " + id + " is not known here");
  }

  /** Re-reads the zone files on every member of the cluster; the outcome per member. */
  ReloadOutcome reloadZonesEverywhere();

  /** Regions and endpoints with state, load, capacity, overrides and per-node observations. */
  Object regions();

  /** Drains (or undrains) regions matching a name or glob; returns what was affected. */
  Object drain(String regionGlob, boolean drain);

  /** Records a load report for a region in its capacity units. */
  /** A load report, optionally broken down by client network (CIDR → load; empty when none). */
  Object reportLoad(String region, double load, java.util.Map<String, Double> networks);

  /**
   * Takes real-user RTT samples ({@code POST /api/v1/rtt}) for the placement planner's cost; each names a
   * network (canonical CIDR), a region and the RTT in ms. A region no zone defines is a 400.
   */
  Object reportRtt(java.util.List<RttSample> samples);

  /** One RTT sample: a client network's round trip to a region, in ms (0..60000). */
  record RttSample(String network, String region, double rttMs) {}

  /** Forces endpoints matching a key or glob up or down, or clears the force. */
  Object force(String endpointGlob, Force mode);

  /** Why this client gets its answer. */
  Object explain(String name, int qtype, InetAddress client, int sourcePrefix);

  /** Cluster members and when each was last heard from. */
  Object cluster();

  /** L4 listeners, members, connections, bytes and fallbacks of this node ({@code GET /api/v1/forwarders}). */
  Object forwarders();

  /** Prometheus exposition text. */
  String metrics();

  /** What {@link #force} does; {@link #wireName()} is how the API names it ({@code up}, {@code down}, {@code clear}). */
  enum Force {
    UP,
    DOWN,
    CLEAR;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * @param ok false when any zone file failed (HTTP 422)
   * @param body the per-file outcome
   */
  record ReloadOutcome(boolean ok, Object body) {}
}
