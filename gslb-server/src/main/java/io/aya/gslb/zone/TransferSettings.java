package io.aya.gslb.zone;

import io.aya.gslb.geo.IpBits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * Who may transfer a zone (AXFR, IXFR), whom to NOTIFY when its serial changes, and how its serial is kept:
 * the {@code $TRANSFER}, {@code $NOTIFY} and {@code $SERIAL} directives of docs/zone-syntax.md. Immutable.
 *
 * @param rules alternatives: a request is allowed when any rule accepts it; empty means no transfers at all
 * @param notifyTargets secondaries sent a NOTIFY (RFC 1996) whenever the served serial changes
 * @param notifyKey TSIG key NOTIFY messages are signed with, or null to send them unsigned
 * @param autoSerial {@code $SERIAL auto}: the served serial is bumped whenever the file changes, instead of
 *     taken from the file (where an unchanged serial with changed content is an error)
 */
public record TransferSettings(List<Rule> rules, List<InetSocketAddress> notifyTargets, Name notifyKey, boolean autoSerial) {
  /** No {@code $TRANSFER} line: transfers from loopback (127.0.0.0/8, ::1), unsigned. */
  public static final TransferSettings DEFAULT = new TransferSettings(
      List.of(new Rule(List.of(IpBits.Cidr.parse("127.0.0.0/8"), IpBits.Cidr.parse("::1")), List.of())),
      List.of(), null, false);

  public TransferSettings {
    rules = List.copyOf(rules);
    notifyTargets = List.copyOf(notifyTargets);
  }

  /**
   * One {@code $TRANSFER} line: the source address must be in {@code allow} (any address when empty) and the
   * request must be signed by one of {@code keys} (unsigned is fine when empty).
   */
  public record Rule(List<IpBits.Cidr> allow, List<Name> keys) {
    public Rule {
      allow = List.copyOf(allow);
      keys = List.copyOf(keys);
    }

    public boolean allowsAddress(InetAddress a) {
      if (allow.isEmpty()) {
        return true;
      }
      for (IpBits.Cidr c : allow) {
        if (c.contains(a)) {
          return true;
        }
      }
      return false;
    }

    /** True when a request signed with {@code key} (null: unsigned) satisfies the key part of this rule. */
    public boolean allowsKey(Name key) {
      return keys.isEmpty() || (key != null && keys.contains(key));
    }
  }

  /** Every key name a rule or NOTIFY names (to warn about keys missing from the key file). */
  public List<Name> keyNames() {
    java.util.ArrayList<Name> out = new java.util.ArrayList<>();
    for (Rule r : rules) {
      out.addAll(r.keys());
    }
    if (notifyKey != null) {
      out.add(notifyKey);
    }
    return out;
  }
}
