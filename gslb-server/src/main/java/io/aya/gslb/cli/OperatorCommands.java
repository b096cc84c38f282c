package io.aya.gslb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The operator CLI's actions on a running node, one admin API call each: {@code drain}, {@code undrain},
 * {@code force-up}, {@code force-down}, {@code clear}, {@code load} and {@code reload}. Each prints what the
 * node did in one or a few lines; failures are one line and an exit status (see {@link CliException}).
 */
final class OperatorCommands {
  private OperatorCommands() {}

  @Command(name = "drain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Drain regions cluster-wide: they get no new answers (a name or a glob such as eu-*).")
  static int drain(@Mixin AdminTarget target, @Parameters(paramLabel = "REGION") String region) {
    return drain(target, region, true);
  }

  @Command(name = "undrain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, description = "Undo a drain (a name or a glob).")
  static int undrain(@Mixin AdminTarget target, @Parameters(paramLabel = "REGION") String region) {
    return drain(target, region, false);
  }

  private static int drain(AdminTarget target, String region, boolean drain) {
    AdminClient api = client(target);
    JsonNode r = api.mutate("POST", "/api/v1/regions/" + AdminClient.segment(region) + (drain ? "/drain" : "/undrain"), null);
    System.out.println((drain ? "drained " : "undrained ") + region + " cluster-wide (regions: " + list(r.path("regions")) + ")");
    return 0;
  }

  @Command(name = "force-up", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Answer endpoints whatever their checks say (a key such as example.com/web@192.0.2.10, or a glob such as *@192.0.2.10).")
  static int forceUp(@Mixin AdminTarget target, @Parameters(paramLabel = "TARGET") String endpoint) {
    return force(target, endpoint, "force-up");
  }

  @Command(name = "force-down", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, description = "Never answer endpoints (a key or a glob).")
  static int forceDown(@Mixin AdminTarget target, @Parameters(paramLabel = "TARGET") String endpoint) {
    return force(target, endpoint, "force-down");
  }

  @Command(name = "clear", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Remove force-up/force-down from endpoints (a key or a glob): their checks decide again.")
  static int clear(@Mixin AdminTarget target, @Parameters(paramLabel = "TARGET") String endpoint) {
    return force(target, endpoint, "clear");
  }

  private static int force(AdminTarget target, String endpoint, String action) {
    AdminClient api = client(target);
    JsonNode r = api.mutate("POST", "/api/v1/endpoints/" + AdminClient.segment(endpoint) + "/" + action, null);
    String done = switch (action) {
      case "force-up" -> "forced up ";
      case "force-down" -> "forced down ";
      default -> "cleared the force on ";
    };
    System.out.println(done + endpoint + " cluster-wide (endpoints: " + list(r.path("endpoints")) + ")");
    return 0;
  }

  @Command(name = "load", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Report a region's current load in its capacity units (as a load balancer would).")
  static int load(@Mixin AdminTarget target, @Parameters(index = "0", paramLabel = "REGION") String region,
      @Parameters(index = "1", paramLabel = "N", description = "load, a number >= 0") double load) {
    if (!(load >= 0) || Double.isInfinite(load)) {
      throw new CliException(CliException.USAGE, "N: " + load + " (expected: a number >= 0)");
    }
    AdminClient api = client(target);
    JsonNode r = api.mutate("PUT", "/api/v1/regions/" + AdminClient.segment(region) + "/load", "{\"load\": " + load + "}");
    System.out.println("reported load " + r.path("load").asText() + " for " + r.path("region").asText());
    return 0;
  }

  @Command(name = "reload", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Re-read the zone files (and geo data); a file that fails keeps its previous version.")
  static int reload(@Mixin AdminTarget target,
      @Option(names = "--cluster", description = "reload on every member of the cluster, not only this node") boolean cluster) {
    AdminClient api = client(target);
    // this node: in the background, followed to the end (a big zone outlasts one HTTP request's read timeout)
    AdminClient.Reply r = api.mutateRaw("POST", "/api/v1/zones/reload" + (cluster ? "?cluster=true" : "?wait=false"),
        null);
    if (r.status() == 202) {
      r = follow(api, r.body().path("location").asText());
    }
    if (r.status() != 200 && r.status() != 422) {
      throw new CliException(CliException.REFUSED, r.error() + " (HTTP " + r.status() + ")");
    }
    printReload(r.body());
    return r.status() == 200 ? 0 : CliException.REFUSED;
  }

  /** Polls a background reload until it is done; its report as the waiting form would have answered it. */
  private static AdminClient.Reply follow(AdminClient api, String location) {
    while (true) {
      JsonNode job = api.get(location);
      if (job.path("state").asText().equals("done")) {
        JsonNode result = job.path("result");
        if (!result.isObject()) {
          throw new CliException(CliException.REFUSED, "the reload " + location + " ended without a report");
        }
        return new AdminClient.Reply(result.path("ok").asBoolean() ? 200 : 422, result);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(CliException.REFUSED, "interrupted while waiting for the reload " + location);
      }
    }
  }

  private static void printReload(JsonNode body) {
    if (body.has("results")) {
      printClusterReload(body);
      return;
    }
    PrintStream out = System.out;
    for (JsonNode f : body.path("files")) {
      out.println(f.path("status").asText() + "  " + f.path("file").asText()
          + (f.path("origin").isTextual() ? "  (" + f.path("origin").asText() + ")" : ""));
      for (JsonNode e : f.path("errors")) {
        out.println("  " + e.asText());
      }
    }
    out.println(body.path("ok").asBoolean()
        ? body.path("zones").asInt() + " zone(s) served" + (body.path("changed").asBoolean() ? ", changed" : ", unchanged")
        : "reload failed: the files above keep their previous versions");
  }

  /** {@code reload --cluster}: each member's outcome and serials, then its files when it has a report. */
  private static void printClusterReload(JsonNode body) {
    PrintStream out = System.out;
    for (JsonNode m : body.path("results")) {
      List<String> serials = new ArrayList<>();
      m.path("serials").fields().forEachRemaining(f -> serials.add(f.getKey() + " " + f.getValue().asText()));
      out.println("member " + m.path("node").asText() + ": " + (m.path("ok").asBoolean() ? "ok" : "FAILED: "
          + m.path("error").asText()) + (serials.isEmpty() ? "" : " (serials: " + String.join(", ", serials) + ")"));
      for (JsonNode f : m.path("reload").path("files")) {
        if (!f.path("status").asText().equals("unchanged")) {
          out.println("  " + f.path("status").asText() + "  " + f.path("file").asText());
        }
        for (JsonNode e : f.path("errors")) {
          out.println("    " + e.asText());
        }
      }
    }
    out.println(body.path("ok").asBoolean() ? "reloaded on " + body.path("members").asInt() + " member(s)"
        : "reload failed on a member: its files above keep their previous versions");
  }

  private static AdminClient client(AdminTarget target) {
    return new AdminClient(target.resolve(System::getenv));
  }

  private static String list(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(n.asText());
    }
    return out.isEmpty() ? "none" : String.join(", ", out);
  }
}
