package io.aya.cluster;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small facts each member publishes about itself (the server's zone serials, a fingerprint of its admin token,
 * ...), carried by its heartbeat: this node's own, and the latest heard from every other member. The cluster
 * module does not interpret them. Thread-safe.
 */
final class MemberFacts {
  private final String self;
  private final Map<String, String> local = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> heard = new ConcurrentHashMap<>();

  MemberFacts(String self) {
    this.self = self;
  }

  /** Sets (or, with a null value, removes) one of this node's facts; true when that changed it. */
  boolean put(String key, String value) {
    String before = value == null ? local.remove(key) : local.put(key, value);
    return !java.util.Objects.equals(before, value);
  }

  Map<String, String> local() {
    return Map.copyOf(local);
  }

  void heard(String node, Map<String, String> facts) {
    if (!node.equals(self)) {
      heard.put(node, facts);
    }
  }

  /** Facts of each live member (by name, sorted); an empty map for a member not heard from yet. */
  Map<String, Map<String, String>> of(List<String> liveMembers) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (String m : liveMembers) {
      out.put(m, m.equals(self) ? local() : heard.getOrDefault(m, Map.of()));
    }
    heard.keySet().retainAll(out.keySet());
    return out;
  }
}
