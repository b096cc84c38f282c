package io.aya.gslb.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aya.cluster.ClusterNode;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the members of the cluster serve the same thing: each node publishes the SOA serial of every zone
 * it serves and a fingerprint of its admin token ({@link ClusterNode#publishFact}), and compares the others'
 * with its own every second. A zone whose serial differs between members for longer than {@link #GRACE}
 * (a reload reaches the nodes a moment apart) is logged at WARN once, flagged in {@code GET /api/v1/cluster}
 * and counted in {@code aya_cluster_zone_serials_differ}; a member whose token differs is logged at WARN once
 * (one token gets 401 from it) and flagged. Each member's serials are exported as
 * {@code aya_cluster_zone_serial{zone,member}}. Thread-safe.
 */
final class ClusterConsistency implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterConsistency.class);
  static final String SERIALS = "zone-serials";
  static final String TOKEN = "admin-token";
  /** How long members may serve different serials of a zone before it is flagged (reloads are not atomic). */
  static final Duration GRACE = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, Long>> SERIAL_MAP = new TypeReference<>() {};

  /** Per member: its serial per zone (null: not published, e.g. an older release) and whether its token matches. */
  record Member(Map<String, Long> zoneSerials, Boolean adminTokenMatches) {}

  /** What {@code GET /api/v1/cluster} shows. */
  record View(Map<String, Member> members, List<String> zoneSerialsDiffer, boolean adminTokenShared) {
    static final View EMPTY = new View(Map.of(), List.of(), true);
  }

  private final ClusterNode cluster;
  private final String tokenFingerprint;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final Map<String, Long> differingSince = new HashMap<>();
  private final MultiGauge memberSerials;
  private final java.util.Set<String> warnedTokens = new TreeSet<>();
  private final java.util.Set<String> warnedZones = new TreeSet<>();
  private volatile View view = View.EMPTY;

  ClusterConsistency(ClusterNode cluster, String tokenFingerprint, MeterRegistry meters, Clock clock) {
    this.cluster = cluster;
    this.tokenFingerprint = tokenFingerprint;
    this.clock = clock;
    cluster.publishFact(TOKEN, tokenFingerprint);
    this.memberSerials = MultiGauge.builder("aya.cluster.zone.serial")
        .description("SOA serial of each zone as each live member serves it (seen by this node)").register(meters);
    Gauge.builder("aya.cluster.zone.serials.differ", this, c -> c.view.zoneSerialsDiffer().size())
        .description("zones whose serial differs between members for longer than " + GRACE.toSeconds() + " s")
        .register(meters);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "aya-cluster-consistency");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::check, 0, 1, TimeUnit.SECONDS);
  }

  /** Publishes the serials of the zones now served (call on every zone set change). */
  void onZones(ZoneSet zones) {
    Map<String, Long> serials = new TreeMap<>();
    for (Zone z : zones.zones()) {
      serials.put(z.origin().toString(), z.serial());
    }
    try {
      cluster.publishFact(SERIALS, JSON.writeValueAsString(serials));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    check(); // this node's own serials are in the view and the metric at once
  }

  View view() {
    return view;
  }

  /** Synchronized: the facts are read and the view and metric published as one step, never out of order. */
  private synchronized void check() {
    try {
      view = compute(cluster.memberFacts(), clock.millis());
    } catch (RuntimeException e) {
      log.warn("cluster consistency check failed: {}", e.toString());
    }
  }

  /** Called by {@link #check()} only, which owns {@link #differingSince} while it runs. */
  private View compute(Map<String, Map<String, String>> facts, long now) {
    Map<String, Member> members = new TreeMap<>();
    Map<String, Map<String, Long>> byZone = new TreeMap<>();
    boolean tokenShared = true;
    for (Map.Entry<String, Map<String, String>> e : facts.entrySet()) {
      Map<String, Long> serials = parse(e.getValue().get(SERIALS));
      String fp = e.getValue().get(TOKEN);
      Boolean matches = fp == null ? null : fp.equals(tokenFingerprint);
      members.put(e.getKey(), new Member(serials, matches));
      if (Boolean.FALSE.equals(matches)) {
        tokenShared = false;
        if (warnedTokens.add(e.getKey())) {
          log.warn("member {} has another admin API token than this node: a token gets 401 from one of them;"
              + " give every node the same token (admin-token-file, AYA_ADMIN_TOKEN, or a cluster secret"
              + " without either: see docs/clustering.md)", e.getKey());
        }
      } else {
        warnedTokens.remove(e.getKey());
      }
      if (serials != null) {
        for (Map.Entry<String, Long> z : serials.entrySet()) {
          byZone.computeIfAbsent(z.getKey(), k -> new TreeMap<>()).put(e.getKey(), z.getValue());
        }
      }
    }
    List<String> differ = new ArrayList<>();
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (Map.Entry<String, Map<String, Long>> z : byZone.entrySet()) {
      for (Map.Entry<String, Long> m : z.getValue().entrySet()) {
        rows.add(MultiGauge.Row.of(Tags.of("zone", z.getKey(), "member", m.getKey()), m.getValue()));
      }
      boolean same = new TreeSet<>(z.getValue().values()).size() == 1;
      if (same) {
        if (warnedZones.remove(z.getKey())) {
          log.info("members serve one serial of zone {} again: {}", z.getKey(), z.getValue());
        }
        differingSince.remove(z.getKey());
        continue;
      }
      long since = differingSince.computeIfAbsent(z.getKey(), k -> now);
      if (now - since >= GRACE.toMillis()) {
        differ.add(z.getKey());
        if (warnedZones.add(z.getKey())) {
          log.warn("members serve different serials of zone {} for {} s: {} (distribute the zone files and"
              + " reload: aya reload --cluster)", z.getKey(), (now - since) / 1000, z.getValue());
        }
      }
    }
    differingSince.keySet().retainAll(byZone.keySet());
    warnedZones.retainAll(byZone.keySet());
    memberSerials.register(rows, true);
    return new View(members, List.copyOf(differ), tokenShared);
  }

  private static Map<String, Long> parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      return Objects.requireNonNull(JSON.readValue(json, SERIAL_MAP));
    } catch (JsonProcessingException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
