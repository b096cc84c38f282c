package io.aya.gslb.zone;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a balanced name is forwarded at L4, from
 * {@code $FORWARD name tcp:443 udp:443 ... lb=ALGORITHM [proxy=v1|v2] [fallback=next-region|none] [limit=N]}.
 * A forwarded name is answered in DNS with the forward addresses of the chosen region's AYA nodes, which
 * forward each connection to a member of the region's pool (docs/forwarding.md). Immutable.
 *
 * @param ports the listened ports, at least one, no duplicates
 * @param memberLimit most open connections (or UDP flows) per member through one node, 0 for no limit
 */
public record ForwardSpec(List<Port> ports, Lb lb, Proxy proxy, FallbackMode fallback, int memberLimit) {
  public ForwardSpec {
    ports = List.copyOf(ports);
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("ports: none (expected: at least one tcp:PORT or udp:PORT)");
    }
    Objects.requireNonNull(lb, "lb");
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(fallback, "fallback");
    if (memberLimit < 0) {
      throw new IllegalArgumentException("limit: " + memberLimit + " (expected: >= 0)");
    }
  }

  /** Transport of a forwarded port. */
  public enum Protocol {
    TCP,
    UDP;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code tcp:443}: a transport and a port, 1..65535. */
  public record Port(Protocol protocol, int port) {
    public Port {
      Objects.requireNonNull(protocol, "protocol");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
      }
    }

    @Override
    public String toString() {
      return protocol.word() + ":" + port;
    }
  }

  /** The {@code lb=} algorithms, by their zone-file words. */
  public enum Lb {
    ROUND_ROBIN("round-robin"),
    WEIGHTED("weighted"),
    LEAST_CONN("least-conn"),
    WEIGHTED_LEAST_CONN("weighted-least-conn"),
    LEAST_TIME("least-time"),
    SOURCE_HASH("source-hash"),
    RANDOM_TWO("random-two");

    private final String word;

    Lb(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }

    /** The algorithm named {@code word}, or null. */
    public static Lb of(String word) {
      for (Lb l : values()) {
        if (l.word.equalsIgnoreCase(word)) {
          return l;
        }
      }
      return null;
    }
  }

  /** {@code proxy=}: the PROXY protocol header sent to the member (TCP only), or none. */
  public enum Proxy {
    NONE,
    V1,
    V2
  }

  /** {@code fallback=}: what a node does when its region's pool cannot take a new connection. */
  public enum FallbackMode {
    /** Forward to the pool of the next region the name's policy would choose for the client (default). */
    NEXT_REGION,
    /** Refuse it: TCP RST at once, a UDP datagram is dropped. */
    NONE
  }
}
