package io.aya.gslb.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aya.gslb.geo.IpBits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the body of {@code POST /api/v1/rtt}:
 * {@code {"samples": [{"network": "81.2.69.0/24", "region": "eu-west", "rttMs": 23.5}, ...]}}. Every problem is
 * a 400 naming the sample and field ({@code samples[2].rttMs: -1 (expected: 0..60000)}); networks come back in
 * canonical CIDR form. Stateless.
 */
final class RttSamplesBody {
  /** Bound on the samples of one request. */
  static final int MAX_SAMPLES = 10_000;
  static final double MAX_RTT_MS = 60_000;
  private static final String EXPECTED =
      "{\"samples\": [{\"network\": \"81.2.69.0/24\", \"region\": \"eu-west\", \"rttMs\": 23.5}]}";

  private RttSamplesBody() {}

  static List<AdminOperations.RttSample> parse(ObjectMapper mapper, byte[] text) {
    JsonNode body;
    try {
      body = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw ApiException.badRequest("body is not valid JSON" + where + " (expected: " + EXPECTED + ")");
    } catch (IOException e) {
      throw ApiException.badRequest("body is not valid JSON (expected: " + EXPECTED + ")");
    }
    if (body == null || !body.isObject() || !body.has("samples")) {
      throw ApiException.badRequest("missing field: samples (expected: " + EXPECTED + ")");
    }
    JsonNode samples = body.get("samples");
    if (!samples.isArray() || samples.isEmpty()) {
      throw ApiException.badRequest("samples: " + (samples.isArray() ? "empty" : kind(samples))
          + " (expected: an array of 1.." + MAX_SAMPLES + " samples)");
    }
    if (samples.size() > MAX_SAMPLES) {
      throw ApiException.badRequest("samples: " + samples.size() + " entries (expected: at most " + MAX_SAMPLES + ")");
    }
    List<AdminOperations.RttSample> out = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      out.add(sample(samples.get(i), "samples[" + i + "]"));
    }
    return out;
  }

  private static AdminOperations.RttSample sample(JsonNode s, String where) {
    if (!s.isObject()) {
      throw ApiException.badRequest(where + ": " + kind(s)
          + " (expected: {\"network\": CIDR, \"region\": NAME, \"rttMs\": N})");
    }
    JsonNode network = s.get("network");
    if (network == null || !network.isTextual()) {
      throw ApiException.badRequest(where + ".network: " + shown(network)
          + " (expected: a network in CIDR form, e.g. 81.2.69.0/24 or 2001:db8:3::/48)");
    }
    String cidr;
    try {
      cidr = IpBits.Cidr.parse(network.asText()).toString();
    } catch (IllegalArgumentException bad) {
      throw ApiException.badRequest(where + ".network: " + network.asText() + ": " + bad.getMessage()
          + " (expected: a network in CIDR form, e.g. 81.2.69.0/24 or 2001:db8:3::/48)");
    }
    JsonNode region = s.get("region");
    if (region == null || !region.isTextual() || region.asText().isBlank()) {
      throw ApiException.badRequest(where + ".region: " + shown(region) + " (expected: a region name)");
    }
    JsonNode rtt = s.get("rttMs");
    if (rtt == null || !rtt.isNumber() || !(rtt.asDouble() >= 0 && rtt.asDouble() <= MAX_RTT_MS)) {
      throw ApiException.badRequest(where + ".rttMs: " + shown(rtt) + " (expected: 0..60000)");
    }
    return new AdminOperations.RttSample(cidr, region.asText(), rtt.asDouble());
  }

  private static String shown(JsonNode n) {
    return n == null ? "missing" : n.toString();
  }

  private static String kind(JsonNode n) {
    return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
