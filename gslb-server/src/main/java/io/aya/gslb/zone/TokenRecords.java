package io.aya.gslb.zone;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * The fast path of the most common records in large zones (A, AAAA, TXT, MX): built from the lexer's tokens, without
 * a dnsjava master-file parser (and its stream buffers) per record. Only records whose text means exactly the same
 * to dnsjava are built here: no escapes, no bytes above 0x7f, quotes only around whole fields, one valid value per
 * field and a known TTL. Anything else, errors included, is left to dnsjava (null), so its results and messages stay
 * the same. Stateless.
 */
final class TokenRecords {
  private static final int MAX_STRING = 255;

  private TokenRecords() {}

  /**
   * The record of {@code tokens} (an entry whose type field is at {@code type}), or null when dnsjava must parse it.
   *
   * @param ttl the record's TTL, or -1 when the record has none and no default applies
   * @param dclass the record's class field, or -1 when it has none
   * @param origin what relative names are relative to
   * @param text the entry's text, as written
   */
  static Record parse(List<String> tokens, int type, Name owner, long ttl, int dclass, Name origin, String text) {
    if (ttl < 0 || (dclass >= 0 && dclass != DClass.IN) || type + 1 >= tokens.size()) {
      return null;
    }
    String t = tokens.get(type);
    try {
      if (t.equalsIgnoreCase("A")) {
        return tokens.size() == type + 2 ? address(owner, ttl, tokens.get(type + 1), Address.IPv4) : null;
      }
      if (t.equalsIgnoreCase("AAAA")) {
        return tokens.size() == type + 2 ? address(owner, ttl, tokens.get(type + 1), Address.IPv6) : null;
      }
      if (t.equalsIgnoreCase("TXT")) {
        return plainQuotes(text) ? txt(owner, ttl, tokens.subList(type + 1, tokens.size())) : null;
      }
      if (t.equalsIgnoreCase("MX")) {
        return tokens.size() == type + 3 && plainUnquoted(text)
            ? mx(owner, ttl, tokens.get(type + 1), tokens.get(type + 2), origin) : null;
      }
    } catch (TextParseException | UnknownHostException | RuntimeException e) {
      return null;
    }
    return null;
  }

  private static Record address(Name owner, long ttl, String text, int family) throws UnknownHostException {
    byte[] bytes = Address.toByteArray(text, family);
    if (bytes == null || (family == Address.IPv6 && v4Mapped(bytes))) {
      return null;
    }
    InetAddress a = InetAddress.getByAddress(bytes);
    return family == Address.IPv4 ? new ARecord(owner, DClass.IN, ttl, a) : new AAAARecord(owner, DClass.IN, ttl, a);
  }

  /** {@code ::ffff:a.b.c.d}: Java turns it into an IPv4 address, so dnsjava's own parser handles it. */
  private static boolean v4Mapped(byte[] a) {
    for (int k = 0; k < 10; k++) {
      if (a[k] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
  }

  private static Record txt(Name owner, long ttl, List<String> strings) {
    for (String s : strings) {
      if (s.length() > MAX_STRING) {
        return null;
      }
    }
    return new TXTRecord(owner, DClass.IN, ttl, strings);
  }

  private static Record mx(Name owner, long ttl, String priority, String target, Name origin)
      throws TextParseException {
    if (priority.isEmpty() || priority.length() > 5) {
      return null;
    }
    for (int k = 0; k < priority.length(); k++) {
      if (priority.charAt(k) < '0' || priority.charAt(k) > '9') {
        return null;
      }
    }
    int p = Integer.parseInt(priority);
    Name name = Name.fromString(target, origin);
    if (p > 0xFFFF || !name.isAbsolute()) {
      return null;
    }
    return new MXRecord(owner, DClass.IN, ttl, p, name);
  }

  /**
   * True when {@code text} has no escape, no byte above 0x7f and every quoted string stands alone as a field (opened
   * after a separator, closed before one): then the lexer's tokens are exactly the strings dnsjava's tokenizer reads.
   */
  private static boolean plainQuotes(String text) {
    boolean quoted = false;
    int n = text.length();
    for (int k = 0; k < n; k++) {
      char c = text.charAt(k);
      if (c == '\\' || c > 0x7f) {
        return false;
      }
      if (c == '"') {
        if (!quoted && k > 0 && !separator(text.charAt(k - 1))) {
          return false;
        }
        if (quoted && k + 1 < n && !separator(text.charAt(k + 1)) && text.charAt(k + 1) != ';') {
          return false;
        }
        quoted = !quoted;
      }
    }
    return !quoted;
  }

  /** True when {@code text} has no escape, quote or byte above 0x7f. */
  private static boolean plainUnquoted(String text) {
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c == '\\' || c == '"' || c > 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static boolean separator(char c) {
    return c == ' ' || c == '\t' || c == '(' || c == ')' || c == '\n' || c == '\r';
  }
}
