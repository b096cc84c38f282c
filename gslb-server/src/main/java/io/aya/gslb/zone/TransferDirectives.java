package io.aya.gslb.zone;

import io.aya.gslb.geo.IpBits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Collects a zone file's {@code $TRANSFER}, {@code $NOTIFY} and {@code $SERIAL} lines into its {@link
 * TransferSettings} (syntax in docs/zone-syntax.md). Single use, not thread-safe.
 */
final class TransferDirectives {
  static final int DEFAULT_NOTIFY_PORT = 53;

  private final List<TransferSettings.Rule> rules = new ArrayList<>();
  private boolean transferSeen;
  private Where none;
  private final List<InetSocketAddress> notify = new ArrayList<>();
  private Name notifyKey;
  private Where serial;
  private boolean autoSerial;

  /** {@code $TRANSFER none} or {@code $TRANSFER [allow=CIDR,...] [tsig=key,...]}. */
  void transfer(List<String> args, Where where) throws ZoneSyntaxException {
    if (args.size() == 1 && args.get(0).equalsIgnoreCase("none")) {
      if (transferSeen) {
        throw new ZoneSyntaxException("$TRANSFER none cannot be combined with other $TRANSFER lines");
      }
      transferSeen = true;
      none = where;
      return;
    }
    if (none != null) {
      throw new ZoneSyntaxException("$TRANSFER none at " + none + " cannot be combined with other $TRANSFER lines");
    }
    transferSeen = true;
    if (args.isEmpty()) {
      throw new ZoneSyntaxException("$TRANSFER needs allow= or tsig= ($TRANSFER [allow=CIDR,...] [tsig=key,...] or $TRANSFER none)");
    }
    List<IpBits.Cidr> allow = null;
    List<Name> keys = null;
    for (String t : args) {
      String key = Values.key(t).toLowerCase(Locale.ROOT);
      String value = Values.value(t);
      if (value == null || value.isEmpty() || !(key.equals("allow") || key.equals("tsig"))) {
        throw new ZoneSyntaxException("unknown $TRANSFER option " + t + " (expected: allow=CIDR,... tsig=key,... or none)");
      }
      if (key.equals("allow")) {
        if (allow != null) {
          throw new ZoneSyntaxException("duplicate $TRANSFER option allow");
        }
        allow = new ArrayList<>();
        for (String c : value.split(",", -1)) {
          try {
            allow.add(IpBits.Cidr.parse(c));
          } catch (IllegalArgumentException e) {
            throw new ZoneSyntaxException("allow: " + e.getMessage());
          }
        }
      } else {
        if (keys != null) {
          throw new ZoneSyntaxException("duplicate $TRANSFER option tsig");
        }
        keys = new ArrayList<>();
        for (String k : value.split(",", -1)) {
          keys.add(keyName(k));
        }
      }
    }
    transferSeen = true;
    rules.add(new TransferSettings.Rule(allow == null ? List.of() : allow, keys == null ? List.of() : keys));
  }

  /** {@code $NOTIFY address[:port]... [tsig=key]}; IPv6 with a port as {@code [address]:port}. */
  void notify(List<String> args, Where where) throws ZoneSyntaxException {
    if (args.isEmpty()) {
      throw new ZoneSyntaxException("$NOTIFY needs at least one address ($NOTIFY address[:port]... [tsig=key])");
    }
    for (String t : args) {
      if (t.toLowerCase(Locale.ROOT).startsWith("tsig=")) {
        if (notifyKey != null) {
          throw new ZoneSyntaxException("duplicate $NOTIFY option tsig (one key signs every NOTIFY of the zone)");
        }
        notifyKey = keyName(t.substring(5));
        continue;
      }
      InetSocketAddress a = target(t);
      if (!notify.contains(a)) {
        notify.add(a);
      }
    }
  }

  /** {@code $SERIAL auto|file}. */
  void serial(List<String> args, Where where) throws ZoneSyntaxException {
    if (serial != null) {
      throw new ZoneSyntaxException("duplicate $SERIAL (first at " + serial + ")");
    }
    if (args.size() != 1 || !(args.get(0).equalsIgnoreCase("auto") || args.get(0).equalsIgnoreCase("file"))) {
      throw new ZoneSyntaxException("$SERIAL takes auto or file ($SERIAL auto)");
    }
    serial = where;
    autoSerial = args.get(0).equalsIgnoreCase("auto");
  }

  TransferSettings settings() {
    List<TransferSettings.Rule> r = transferSeen ? rules : TransferSettings.DEFAULT.rules();
    return new TransferSettings(r, notify, notifyKey, autoSerial);
  }

  private static Name keyName(String text) throws ZoneSyntaxException {
    if (text.isEmpty()) {
      throw new ZoneSyntaxException("tsig: empty key name");
    }
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new ZoneSyntaxException("tsig: " + text + ": " + e.getMessage());
    }
  }

  static InetSocketAddress target(String t) throws ZoneSyntaxException {
    String host = t;
    int port = DEFAULT_NOTIFY_PORT;
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        throw new ZoneSyntaxException("$NOTIFY " + t + " (expected: [IPv6]:port)");
      }
      host = t.substring(1, close);
      String rest = t.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new ZoneSyntaxException("$NOTIFY " + t + " (expected: [IPv6]:port)");
        }
        port = (int) Values.integer("port", rest.substring(1), 1, 65535);
      }
    } else if (t.indexOf(':') == t.lastIndexOf(':') && t.indexOf(':') >= 0) {
      host = t.substring(0, t.indexOf(':'));
      port = (int) Values.integer("port", t.substring(t.indexOf(':') + 1), 1, 65535);
    }
    InetAddress a = Values.address("$NOTIFY address", host);
    return new InetSocketAddress(a, port);
  }
}
