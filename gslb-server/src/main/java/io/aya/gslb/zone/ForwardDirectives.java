package io.aya.gslb.zone;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Parses {@code $FORWARD name proto:port... lb=ALGORITHM [proxy=v1|v2] [fallback=next-region|none] [limit=N]}
 * (syntax only; {@link ZoneAssembler} checks that the name is balanced). Stateless.
 */
final class ForwardDirectives {
  static final String USAGE = "$FORWARD name tcp:PORT|udp:PORT... lb=ALGORITHM [proxy=v1|v2] "
      + "[fallback=next-region|none] [limit=N]";
  private static final String ALGORITHMS =
      "round-robin, weighted, least-conn, weighted-least-conn, least-time, source-hash, random-two";

  record ForwardDecl(Name name, ForwardSpec spec, Where where) {}

  private ForwardDirectives() {}

  /** The words after the name. */
  static ForwardDecl forward(Name name, List<String> words, Where where) throws ZoneSyntaxException {
    List<ForwardSpec.Port> ports = new ArrayList<>();
    Set<ForwardSpec.Port> seenPorts = new HashSet<>();
    Set<String> seen = new HashSet<>();
    ForwardSpec.Lb lb = null;
    ForwardSpec.Proxy proxy = ForwardSpec.Proxy.NONE;
    ForwardSpec.FallbackMode fallback = ForwardSpec.FallbackMode.NEXT_REGION;
    int limit = 0;
    for (String w : words) {
      String key = Values.key(w).toLowerCase(Locale.ROOT);
      String value = Values.value(w);
      int colon = w.indexOf(':');
      if (value == null && colon > 0) {
        ForwardSpec.Port p = port(w, colon);
        if (!seenPorts.add(p)) {
          throw new ZoneSyntaxException("duplicate port " + p + " in $FORWARD " + name);
        }
        ports.add(p);
        continue;
      }
      if (value == null || !(key.equals("lb") || key.equals("proxy") || key.equals("fallback") || key.equals("limit"))) {
        throw new ZoneSyntaxException("unknown $FORWARD word " + w + " (expected: tcp:PORT, udp:PORT, lb=, proxy=, "
            + "fallback=, limit=)");
      }
      if (!seen.add(key)) {
        throw new ZoneSyntaxException("duplicate $FORWARD option " + key);
      }
      switch (key) {
        case "lb":
          lb = ForwardSpec.Lb.of(value);
          if (lb == null) {
            throw new ZoneSyntaxException("lb: " + value + " (expected: " + ALGORITHMS + ")");
          }
          break;
        case "proxy":
          if (value.equalsIgnoreCase("v1")) {
            proxy = ForwardSpec.Proxy.V1;
          } else if (value.equalsIgnoreCase("v2")) {
            proxy = ForwardSpec.Proxy.V2;
          } else {
            throw new ZoneSyntaxException("proxy: " + value + " (expected: v1 or v2)");
          }
          break;
        case "fallback":
          if (value.equalsIgnoreCase("next-region")) {
            fallback = ForwardSpec.FallbackMode.NEXT_REGION;
          } else if (value.equalsIgnoreCase("none")) {
            fallback = ForwardSpec.FallbackMode.NONE;
          } else {
            throw new ZoneSyntaxException("fallback: " + value + " (expected: next-region or none)");
          }
          break;
        default:
          limit = (int) Values.integer("limit", value, 1, 10_000_000);
      }
    }
    if (ports.isEmpty()) {
      throw new ZoneSyntaxException("$FORWARD " + name + " has no ports (" + USAGE + ")");
    }
    if (lb == null) {
      throw new ZoneSyntaxException("$FORWARD " + name + " needs lb= (expected: " + ALGORITHMS + ")");
    }
    return new ForwardDecl(name, new ForwardSpec(ports, lb, proxy, fallback, limit), where);
  }

  private static ForwardSpec.Port port(String w, int colon) throws ZoneSyntaxException {
    String proto = w.substring(0, colon).toLowerCase(Locale.ROOT);
    ForwardSpec.Protocol p;
    if (proto.equals("tcp")) {
      p = ForwardSpec.Protocol.TCP;
    } else if (proto.equals("udp")) {
      p = ForwardSpec.Protocol.UDP;
    } else {
      throw new ZoneSyntaxException("port: " + w + " (expected: tcp:PORT or udp:PORT)");
    }
    int port = (int) Values.integer("port", w.substring(colon + 1), 1, 65535);
    return new ForwardSpec.Port(p, port);
  }
}
