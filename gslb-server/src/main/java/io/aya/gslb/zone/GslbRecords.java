package io.aya.gslb.zone;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Parses the per-name GSLB constructs: {@code GSLB} records (one region pool each) and {@code $POLICY}
 * (syntax only; cross-references are checked by {@link ZoneAssembler}). The zone-wide {@code $REGION},
 * {@code $CHECK} and {@code $LOAD} are {@link RegionDirectives}' job. Stateless.
 */
final class GslbRecords {
  static final int MAX_WEIGHT = 65535;
  static final int MAX_ANSWERS = 64;

  /**
   * One {@code GSLB} record: the pool of {@code owner} in {@code region}.
   *
   * @param ttl the record's explicit TTL, or -1
   * @param check the check name, or null for a static pool
   */
  record GslbDecl(Name owner, long ttl, String region, List<PoolMember> members, String check, int up, Where where) {}

  /**
   * One {@code $POLICY}: what it says, in {@code spec} with the default TTL until the answers' TTL is settled.
   *
   * @param ttl the explicit {@code ttl=}, or -1
   */
  record PolicyDecl(Name name, PolicySpec spec, long ttl, Where where) {}

  private GslbRecords() {}

  /** The fields after the type of {@code owner [ttl] [IN] GSLB region addr[@weight]... [check=name] [up=N]}. */
  static GslbDecl gslb(Name owner, long ttl, List<String> args, Where where) throws ZoneSyntaxException {
    if (args.isEmpty()) {
      throw new ZoneSyntaxException("GSLB record needs a region and addresses (GSLB region addr[@weight]... [check=name] [up=N])");
    }
    String region = Values.identifier("region name", args.get(0));
    List<PoolMember> members = new ArrayList<>();
    Set<InetAddress> addresses = new HashSet<>();
    String check = null;
    int up = -1;
    for (String t : args.subList(1, args.size())) {
      String value = Values.value(t);
      if (value != null) {
        String key = Values.key(t);
        if (key.equals("check") && check == null) {
          check = Values.identifier("check", value);
        } else if (key.equals("up") && up < 0) {
          up = (int) Values.integer("up", value, 1, Integer.MAX_VALUE);
        } else if (key.equals("check") || key.equals("up")) {
          throw new ZoneSyntaxException("duplicate GSLB option " + key);
        } else {
          throw new ZoneSyntaxException("unknown GSLB option " + t + " (expected: check=, up=)");
        }
        continue;
      }
      int at = t.indexOf('@');
      String addr = at < 0 ? t : t.substring(0, at);
      int weight = 1;
      if (at >= 0) {
        weight = (int) Values.integer("weight of " + addr, t.substring(at + 1), 0, MAX_WEIGHT);
      }
      InetAddress a = Values.address("address", addr);
      if (!addresses.add(a)) {
        throw new ZoneSyntaxException("duplicate address " + addr + " in the pool for region " + region);
      }
      members.add(new PoolMember(a, weight));
    }
    if (members.isEmpty()) {
      throw new ZoneSyntaxException("GSLB pool for region " + region + " has no addresses");
    }
    if (up < 0) {
      up = 1;
    } else if (up > members.size()) {
      throw new ZoneSyntaxException("up: " + up + " (expected: 1.." + members.size() + ", the pool's address count)");
    }
    return new GslbDecl(owner, ttl, region, members, check, up, where);
  }

  /** The words after the name of {@code $POLICY name word...}. */
  static PolicyDecl policy(Name name, List<String> words, Where where) throws ZoneSyntaxException {
    if (words.isEmpty()) {
      throw new ZoneSyntaxException("$POLICY " + name + " has no words (expected: geo, priority=, capacity, "
          + "weighted, geofence=, answers=, fallback=, ttl=)");
    }
    boolean geo = false;
    boolean capacity = false;
    boolean weighted = false;
    List<String> priority = List.of();
    Set<String> geofence = Set.of();
    int answers = 1;
    Fallback fallback = Fallback.ALL;
    long ttl = -1;
    Set<String> seen = new HashSet<>();
    for (String w : words) {
      String key = Values.key(w);
      String value = Values.value(w);
      boolean flag = key.equals("geo") || key.equals("capacity") || key.equals("weighted");
      boolean valued = key.equals("priority") || key.equals("geofence") || key.equals("answers")
          || key.equals("fallback") || key.equals("ttl");
      if (!flag && !valued) {
        throw new ZoneSyntaxException("unknown policy word " + w
            + " (expected: geo, priority=, capacity, weighted, geofence=, answers=, fallback=, ttl=)");
      }
      if (flag && value != null) {
        throw new ZoneSyntaxException(key + ": " + value + " (expected: no value, just the word " + key + ")");
      }
      if (valued && (value == null || value.isEmpty())) {
        throw new ZoneSyntaxException(key + " needs a value (" + key + "=" + example(key) + ")");
      }
      if (!seen.add(key)) {
        throw new ZoneSyntaxException("duplicate policy word " + key);
      }
      switch (key) {
        case "geo":
          geo = true;
          break;
        case "capacity":
          capacity = true;
          break;
        case "weighted":
          weighted = true;
          break;
        case "priority":
          priority = priority(value);
          break;
        case "geofence":
          geofence = Geofence.parse(value);
          break;
        case "answers":
          answers = (int) Values.integer("answers", value, 1, MAX_ANSWERS);
          break;
        case "fallback":
          fallback = fallback(value);
          break;
        default:
          ttl = Values.ttl("ttl", value);
      }
    }
    return new PolicyDecl(name,
        new PolicySpec(geo, priority, capacity, weighted, geofence, answers, fallback, PolicySpec.DEFAULT_TTL), ttl,
        where);
  }

  private static String example(String key) {
    switch (key) {
      case "priority":
        return "us-east,eu-west";
      case "geofence":
        return "GB,FR,EU";
      case "answers":
        return "2";
      case "fallback":
        return "all|none|192.0.2.1,2001:db8::1";
      default:
        return "30";
    }
  }

  private static List<String> priority(String v) throws ZoneSyntaxException {
    Set<String> regions = new LinkedHashSet<>();
    for (String r : v.split(",", -1)) {
      if (!regions.add(Values.identifier("priority", r))) {
        throw new ZoneSyntaxException("priority: region " + r + " listed twice");
      }
    }
    return List.copyOf(regions);
  }

  private static Fallback fallback(String v) throws ZoneSyntaxException {
    if (v.equalsIgnoreCase("all")) {
      return Fallback.ALL;
    }
    if (v.equalsIgnoreCase("none")) {
      return Fallback.NONE;
    }
    Set<InetAddress> addresses = new LinkedHashSet<>();
    for (String a : v.split(",", -1)) {
      try {
        addresses.add(Values.address("fallback", a));
      } catch (ZoneSyntaxException e) {
        throw new ZoneSyntaxException("fallback: " + a
            + " (expected: all, none, or unicast IPv4/IPv6 addresses separated by commas)");
      }
    }
    return new Fallback.Fixed(List.copyOf(addresses));
  }
}
