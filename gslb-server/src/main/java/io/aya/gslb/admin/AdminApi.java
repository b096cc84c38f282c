package io.aya.gslb.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.xbill.DNS.Type;

/** The admin API's routes (see docs/admin-api.md), bound to the node's {@link AdminOperations}. */
public final class AdminApi {
  /** A load report larger than any region's capacity can be is a typo or an attack, not a measurement. */
  static final double MAX_LOAD = 1e9;
  /** Bound on a load report's per-network breakdown. */
  static final int MAX_NETWORKS = 100_000;
  private static final String LOAD_RANGE = "0..1000000000";

  private final AdminOperations ops;
  private final ObjectMapper mapper;

  public AdminApi(AdminOperations ops) {
    this.ops = ops;
    this.mapper = new ObjectMapper();
  }

  ObjectMapper mapper() {
    return mapper;
  }

  List<Route> routes() {
    return List.of(
        new Route("GET", "/", false, r -> AdminResponse.text(Dashboard.HTML, "text/html; charset=utf-8")),
        new Route("GET", "/healthz", false, r -> AdminResponse.json(ops.health())),
        new Route("GET", "/api/v1/openapi.json", false, r -> AdminResponse.text(Dashboard.OPENAPI, "application/json")),
        new Route("GET", "/metrics", false,
            r -> AdminResponse.text(ops.metrics(), "text/plain; version=0.0.4; charset=utf-8")),
        new Route("GET", "/api/v1/zones", false, r -> AdminResponse.json(ops.zones())),
        new Route("POST", "/api/v1/zones/reload", true, r -> {
          boolean cluster = clusterWide(r);
          if (!waitForReload(r)) {
            if (cluster) {
              throw ApiException.badRequest("wait: false (expected: true with cluster=true; a cluster-wide reload"
                  + " always waits for every member)");
            }
            return AdminResponse.json(202, ops.reloadZonesInBackground());
          }
          AdminOperations.ReloadOutcome out = cluster ? ops.reloadZonesEverywhere() : ops.reloadZones();
          return AdminResponse.json(out.ok() ? 200 : 422, out.body());
        }),
        new Route("GET", "/api/v1/zones/reloads/{id}", false, r -> AdminResponse.json(ops.reloadJob(reloadId(r)))),
        new Route("GET", "/api/v1/zones/{zone}/ds", false, r -> AdminResponse.json(ops.ds(decode(r.pathParam("zone"))))),
        new Route("GET", "/api/v1/zones/{zone}/signed", false,
            r -> AdminResponse.text(ops.signedZone(decode(r.pathParam("zone"))), "text/dns; charset=utf-8")),
        new Route("GET", "/api/v1/regions", false, r -> AdminResponse.json(ops.regions())),
        new Route("POST", "/api/v1/regions/{region}/drain", true,
            r -> AdminResponse.json(ops.drain(decode(r.pathParam("region")), true))),
        new Route("POST", "/api/v1/regions/{region}/undrain", true,
            r -> AdminResponse.json(ops.drain(decode(r.pathParam("region")), false))),
        new Route("PUT", "/api/v1/regions/{region}/load", true,
            r -> {
              LoadBody body = loadFrom(r);
              return AdminResponse.json(ops.reportLoad(decode(r.pathParam("region")), body.load(), body.networks()));
            }),
        new Route("POST", "/api/v1/rtt", true,
            r -> AdminResponse.json(ops.reportRtt(RttSamplesBody.parse(mapper, r.body())))),
        new Route("POST", "/api/v1/endpoints/{endpoint}/force-up", true,
            r -> AdminResponse.json(ops.force(decode(r.pathParam("endpoint")), AdminOperations.Force.UP))),
        new Route("POST", "/api/v1/endpoints/{endpoint}/force-down", true,
            r -> AdminResponse.json(ops.force(decode(r.pathParam("endpoint")), AdminOperations.Force.DOWN))),
        new Route("POST", "/api/v1/endpoints/{endpoint}/clear", true,
            r -> AdminResponse.json(ops.force(decode(r.pathParam("endpoint")), AdminOperations.Force.CLEAR))),
        new Route("GET", "/api/v1/explain", false, this::explain),
        new Route("GET", "/api/v1/cluster", false, r -> AdminResponse.json(ops.cluster())),
        new Route("GET", "/api/v1/forwarders", false, r -> AdminResponse.json(ops.forwarders())));
  }

  /** {@code ?wait=false} starts the reload and answers 202 at once; {@code true} (the default) waits for it. */
  private static boolean waitForReload(AdminRequest r) {
    String v = r.param("wait");
    if (v == null || v.equals("true") || v.isEmpty()) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw ApiException.badRequest("wait: " + v + " (expected: true or false)");
  }

  private static long reloadId(AdminRequest r) {
    String id = r.pathParam("id");
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("id: " + id + " (expected: the number of a reload)");
    }
  }

  /** {@code ?cluster=true} (or {@code false}, the default). */
  private static boolean clusterWide(AdminRequest r) {
    String v = r.param("cluster");
    if (v == null || v.equals("false")) {
      return false;
    }
    if (v.equals("true") || v.isEmpty()) {
      return true;
    }
    throw ApiException.badRequest("cluster: " + v + " (expected: true or false)");
  }

  private AdminResponse explain(AdminRequest r) {
    String name = r.requireParam("name");
    String typeName = r.param("type") == null ? "A" : r.param("type");
    int type = Type.value(typeName.toUpperCase(java.util.Locale.ROOT));
    if (type != Type.A && type != Type.AAAA) {
      throw ApiException.badRequest("type: " + typeName + " (expected: A or AAAA)");
    }
    String client = r.requireParam("client");
    String addr = client;
    int prefix = -1;
    int slash = client.indexOf('/');
    if (slash >= 0) {
      addr = client.substring(0, slash);
      try {
        prefix = Integer.parseInt(client.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("client: " + client + " (expected: ADDRESS or ADDRESS/PREFIX)");
      }
    }
    InetAddress address = parseAddress(addr, "client");
    int max = address.getAddress().length * 8;
    if (prefix == -1) {
      prefix = max;
    }
    if (prefix < 0 || prefix > max) {
      throw ApiException.badRequest("client prefix: " + prefix + " (expected: 0.." + max + ")");
    }
    return AdminResponse.json(ops.explain(name, type, address, prefix));
  }

  /** Parses a literal IPv4/IPv6 address without ever resolving a host name. */
  static InetAddress parseAddress(String text, String what) {
    String t = text.trim();
    boolean literal = !t.isEmpty() && (t.indexOf(':') >= 0 || t.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')));
    if (literal) {
      try {
        byte[] bytes = org.xbill.DNS.Address.toByteArray(t, t.indexOf(':') >= 0 ? org.xbill.DNS.Address.IPv6 : org.xbill.DNS.Address.IPv4);
        if (bytes != null) {
          return InetAddress.getByAddress(bytes);
        }
      } catch (IOException e) {
        // fall through
      }
    }
    throw ApiException.badRequest(what + ": " + text + " (expected: an IPv4 or IPv6 address)");
  }

  private LoadBody loadFrom(AdminRequest r) {
    JsonNode body;
    try {
      body = mapper.readTree(r.body());
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw ApiException.badRequest("body is not valid JSON" + where + " (expected: {\"load\": N})");
    } catch (IOException e) {
      throw ApiException.badRequest("body is not valid JSON (expected: {\"load\": N})");
    }
    if (body == null || !body.isObject() || !body.has("load")) {
      throw ApiException.badRequest("missing field: load (expected: {\"load\": N})");
    }
    JsonNode load = body.get("load");
    if (!load.isNumber()) {
      throw ApiException.badRequest("load: " + load + " (expected: " + LOAD_RANGE + ")");
    }
    double v = load.asDouble();
    if (!(v >= 0 && v <= MAX_LOAD)) {
      throw ApiException.badRequest("load: " + v + " (expected: " + LOAD_RANGE + ")");
    }
    return new LoadBody(v, networksFrom(body.get("networks")));
  }

  /** A parsed load report body. */
  private record LoadBody(double load, java.util.Map<String, Double> networks) {}

  /** {@code "networks": {"CIDR": N, ...}} (optional): canonical CIDRs, each load in range. */
  private static java.util.Map<String, Double> networksFrom(JsonNode networks) {
    if (networks == null || networks.isNull()) {
      return java.util.Map.of();
    }
    if (!networks.isObject()) {
      throw ApiException.badRequest("networks: " + networks.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
          + " (expected: an object of CIDR: load, e.g. {\"81.2.69.0/24\": 12.5})");
    }
    if (networks.size() > MAX_NETWORKS) {
      throw ApiException.badRequest("networks: " + networks.size() + " entries (expected: at most " + MAX_NETWORKS + ")");
    }
    java.util.Map<String, Double> out = new java.util.TreeMap<>();
    for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = networks.fields(); it.hasNext(); ) {
      java.util.Map.Entry<String, JsonNode> e = it.next();
      String cidr;
      try {
        cidr = io.aya.gslb.geo.IpBits.Cidr.parse(e.getKey()).toString();
      } catch (IllegalArgumentException bad) {
        throw ApiException.badRequest("networks: " + e.getKey() + ": " + bad.getMessage()
            + " (expected: a network in CIDR form, e.g. 81.2.69.0/24 or 2001:db8:3::/48)");
      }
      JsonNode n = e.getValue();
      double load = n.asDouble();
      if (!n.isNumber() || !(load >= 0 && load <= MAX_LOAD)) {
        throw ApiException.badRequest("networks: " + e.getKey() + ": " + n + " (expected: " + LOAD_RANGE + ")");
      }
      if (out.merge(cidr, load, Double::sum) != load) {
        throw ApiException.badRequest("networks: " + e.getKey() + ": duplicate of " + cidr);
      }
    }
    return out;
  }

  /** A percent-decoded path segment; bad escapes are a 400 naming the segment, not the decoder's message. */
  static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      String shown = s.length() > 64 ? s.substring(0, 64) + "..." : s;
      throw ApiException.badRequest("path segment '" + shown
          + "' is not valid percent-encoding (expected: %XX with two hex digits, e.g. %2A for '*')");
    }
  }
}
