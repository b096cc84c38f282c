package io.aya.gslb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code aya status}: a running node's view in four tables: regions (state, load against capacity, admitted
 * share, endpoints up), endpoints (state, override, last check), active drains and forces, cluster members.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Show regions, endpoints, drains and forces, and cluster members of a running node.")
final class StatusCommand implements Callable<Integer> {
  @Mixin AdminTarget target;

  @Override
  public Integer call() {
    AdminClient api = new AdminClient(target.resolve(System::getenv));
    JsonNode regions = api.get("/api/v1/regions");
    JsonNode cluster = api.get("/api/v1/cluster");
    print(regions, cluster, api.address(), System.currentTimeMillis(), System.out);
    return 0;
  }

  static void print(JsonNode regions, JsonNode cluster, String address, long now, PrintStream out) {
    out.printf("node %s at %s, cluster %s: %d member(s)%n%n", regions.path("node").asText(), address,
        cluster.path("clusterName").asText(), cluster.path("memberCount").asInt());

    TextTable rt = new TextTable("REGION", "STATE", "LOAD", "CAPACITY", "USED", "ADMITTED", "ENDPOINTS UP");
    TextTable et = new TextTable("ENDPOINT", "REGION", "STATE", "OVERRIDE", "LAST CHECK");
    Map<String, JsonNode> overrides = new LinkedHashMap<>();
    for (JsonNode r : regions.path("regions")) {
      int total = 0;
      int up = 0;
      for (JsonNode e : r.path("endpoints")) {
        total++;
        up += e.path("up").asBoolean() ? 1 : 0;
        String key = e.path("key").isTextual() ? e.path("key").asText()
            : e.path("zone").asText() + "@" + e.path("address").asText();
        JsonNode o = e.path("override");
        et.row(key, r.path("name").asText(), e.path("up").asBoolean() ? "up" : "DOWN",
            o.path("active").asBoolean() ? o.path("kind").asText() : null, lastCheck(e, now));
        remember(overrides, o);
      }
      remember(overrides, r.path("drainOverride"));
      String state = r.path("drained").asBoolean() ? "DRAINED" : total > 0 && up == 0 ? "DOWN" : "up";
      long capacity = r.path("capacity").asLong();
      rt.row(r.path("name").asText(), state, number(r.path("load")), capacity == 0 ? "unlimited" : capacity,
          r.path("utilization").isNumber() ? percent(r.path("utilization").asDouble()) : null,
          r.path("admitFraction").isNumber() ? percent(r.path("admitFraction").asDouble()) : null,
          up + "/" + total);
    }
    out.print(rt);
    out.println();
    out.print(et.isEmpty() ? "no endpoints\n" : et.toString());
    out.println();
    TextTable ot = new TextTable("DRAIN/FORCE", "TARGET", "BY", "SINCE");
    for (JsonNode o : overrides.values()) {
      ot.row(o.path("kind").asText(), o.path("target").asText(), o.path("node").asText(),
          ago(now, o.path("timeMillis").asLong()));
    }
    out.print(ot.isEmpty() ? "no drains or forces\n" : ot.toString());
    out.println();
    TextTable mt = new TextTable("MEMBER", "CLUSTER ADDRESS", "LAST HEARD");
    for (JsonNode m : cluster.path("members")) {
      mt.row(m.path("node").asText() + (m.path("local").asBoolean() ? " (this node)" : ""), m.path("address").asText(),
          m.path("local").asBoolean() ? "-" : ago(now, m.path("lastHeardMillis").asLong()));
    }
    out.print(mt);
  }

  private static void remember(Map<String, JsonNode> overrides, JsonNode o) {
    if (o.isObject() && o.path("active").asBoolean()) {
      overrides.putIfAbsent(o.path("kind").asText() + " " + o.path("target").asText(), o);
    }
  }

  private static String lastCheck(JsonNode e, long now) {
    JsonNode lc = e.path("lastCheck");
    if (lc.isObject()) {
      return (lc.path("ok").asBoolean() ? "ok" : "failed") + " " + ago(now, lc.path("timeMillis").asLong())
          + (lc.path("detail").asText().isEmpty() ? "" : ": " + lc.path("detail").asText());
    }
    if (e.path("check").isNull()) {
      return "no check (static)";
    }
    String detail = e.path("lastResult").asText();
    return e.path("lastResultMillis").isNumber()
        ? "by another node " + ago(now, e.path("lastResultMillis").asLong()) + (detail.isEmpty() ? "" : ": " + detail)
        : "not checked yet";
  }

  private static String number(JsonNode n) {
    if (!n.isNumber()) {
      return null;
    }
    double d = n.asDouble();
    return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }

  static String ago(long now, long millis) {
    if (millis <= 0) {
      return "-";
    }
    long s = Math.max(0, now - millis) / 1000;
    if (s < 90) {
      return s + " s ago";
    }
    if (s < 90 * 60) {
      return s / 60 + " min ago";
    }
    if (s < 36 * 3600) {
      return s / 3600 + " h ago";
    }
    return s / 86400 + " d ago";
  }
}
