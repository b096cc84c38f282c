package io.aya.gslb.node;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aya.cluster.ClusterNode;
import io.aya.cluster.CommandResult;
import io.aya.gslb.admin.AdminOperations;
import io.aya.gslb.admin.ApiException;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/zones/reload?cluster=true}: runs this node's own zone reload on every live member
 * through the cluster ({@link ClusterNode#broadcast}, authenticated with the cluster secret) and reports each
 * member's outcome: its zone serials after the reload and its per-file report, or why it has none (a file
 * refused, no answer within {@link #TIMEOUT}). A thin fan-out: each member runs exactly what a local reload
 * runs. Thread-safe.
 */
final class ClusterReload {
  static final String COMMAND = "reload-zones";
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a member answers: its reload's outcome and the serials it serves afterwards. */
  record Answer(boolean ok, Map<String, Long> serials, Object reload) {}

  /**
   * One member's result.
   *
   * @param serials zone origin to the serial the member serves after the reload; null when it did not answer
   * @param error why the member's reload is not ok (files refused, no answer), else null
   * @param reload the member's own reload report (as {@code POST /api/v1/zones/reload} on it answers), or null
   */
  record MemberReload(String node, boolean ok, Map<String, Long> serials, String error, JsonNode reload) {}

  /** The whole answer; {@code status} and {@code error} only when a member is not ok (HTTP 422). */
  record Report(boolean ok, int members, List<MemberReload> results,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer status,
      @JsonInclude(JsonInclude.Include.NON_NULL) String error) {}

  private final ClusterNode cluster;

  /**
   * @param local this node's own reload (what {@code POST /api/v1/zones/reload} runs), answered to members
   * @param zones the zones served now, read after the reload for their serials
   */
  ClusterReload(ClusterNode cluster, Supplier<AdminOperations.ReloadOutcome> local, Supplier<ZoneSet> zones) {
    this.cluster = cluster;
    cluster.onCommand(COMMAND, payload -> {
      AdminOperations.ReloadOutcome out = local.get();
      try {
        return JSON.writeValueAsString(new Answer(out.ok(), serials(zones.get()), out.body()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot encode the reload report", e);
      }
    });
  }

  static Map<String, Long> serials(ZoneSet set) {
    Map<String, Long> out = new TreeMap<>();
    for (Zone z : set.zones()) {
      out.put(z.origin().toString(), z.serial());
    }
    return out;
  }

  AdminOperations.ReloadOutcome reloadEverywhere() {
    Map<String, CommandResult> answers;
    try {
      answers = cluster.broadcast(COMMAND, "", TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "interrupted while waiting for the members' reloads");
    }
    List<MemberReload> results = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (Map.Entry<String, CommandResult> e : answers.entrySet()) {
      MemberReload m = result(e.getKey(), e.getValue());
      results.add(m);
      if (!m.ok()) {
        failed.add(m.node() + ": " + m.error());
      }
    }
    boolean ok = failed.isEmpty();
    Report report = new Report(ok, results.size(), results, ok ? null : 422,
        ok ? null : "the reload did not succeed on every member (" + String.join("; ", failed) + ")");
    return new AdminOperations.ReloadOutcome(ok, report);
  }

  private static MemberReload result(String node, CommandResult r) {
    if (!r.ok()) {
      return new MemberReload(node, false, null, r.body(), null);
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(r.body());
    } catch (JsonProcessingException e) {
      return new MemberReload(node, false, null, "unreadable answer: " + e.getOriginalMessage(), null);
    }
    Map<String, Long> serials = new TreeMap<>();
    answer.path("serials").fields().forEachRemaining(f -> serials.put(f.getKey(), f.getValue().asLong()));
    boolean ok = answer.path("ok").asBoolean();
    JsonNode reload = answer.get("reload");
    String error = ok ? null : reload == null ? "reload failed" : reload.path("error").asText("reload failed");
    return new MemberReload(node, ok, serials, error, reload);
  }
}
