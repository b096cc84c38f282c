package io.aya.gslb.zone;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.TreeSet;
import org.xbill.DNS.Address;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Tokenizer;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;
import org.xbill.DNS.utils.base16;
import org.xbill.DNS.utils.base64;

/**
 * One field of an RDATA layout ({@link RdataLayout}): how it reads from master-file text into wire format and
 * how it prints from wire format. Fields marked "rest" take the remainder of the RDATA. Names are written
 * uncompressed and with their case kept (RFC 3597 §4: no compression in types defined after RFC 1035).
 * Stateless.
 */
enum RdataField {
  U8 {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      out.writeU8(st.getUInt8());
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      sb.append(in.readU8());
    }
  },
  U16 {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      out.writeU16(st.getUInt16());
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      sb.append(in.readU16());
    }
  },
  U32 {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      out.writeU32(st.getUInt32());
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      sb.append(in.readU32());
    }
  },
  /** Unsigned 64-bit decimal. */
  U64 {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      String s = st.getString();
      long v;
      try {
        v = Long.parseUnsignedLong(s);
      } catch (NumberFormatException e) {
        throw st.exception("'" + s + "' (expected: 0..18446744073709551615)");
      }
      out.writeU32(v >>> 32);
      out.writeU32(v & 0xFFFFFFFFL);
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      sb.append(Long.toUnsignedString(in.readU32() << 32 | in.readU32()));
    }
  },
  NAME {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      st.getName(origin).toWire(out, null);
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      sb.append(new Name(in));
    }
  },
  /** An RR type mnemonic or {@code TYPEnnn} (RFC 3597 §5). */
  TYPE {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      String s = st.getString();
      int t = Type.value(s, true);
      if (t < 0) {
        throw st.exception("'" + s + "' (expected: an RR type such as CDS or TYPE65280)");
      }
      out.writeU16(t);
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      sb.append(Type.string(in.readU16()));
    }
  },
  IPV4 {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      out.writeByteArray(st.getAddressBytes(Address.IPv4));
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      sb.append(Address.toDottedQuad(in.readByteArray(4)));
    }
  },
  /** RFC 6742 §2.1: a 64-bit ILNP NodeID or Locator as four colon-separated groups of hex digits. */
  ILNP64 {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      String s = st.getString();
      String[] groups = s.split(":", -1);
      if (groups.length != 4) {
        throw st.exception("'" + s + "' (expected: four groups of 1..4 hex digits, such as 0014:4fff:ff20:ee64)");
      }
      for (String g : groups) {
        if (g.isEmpty() || g.length() > 4 || !isHex(g)) {
          throw st.exception("'" + s + "' (expected: four groups of 1..4 hex digits, such as 0014:4fff:ff20:ee64)");
        }
        out.writeU16(Integer.parseInt(g, 16));
      }
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      for (int i = 0; i < 4; i++) {
        if (i > 0) {
          sb.append(':');
        }
        sb.append(String.format(Locale.ROOT, "%04x", in.readU16()));
      }
    }
  },
  /** RFC 7043 §3.2: six hex pairs separated by hyphens. */
  EUI48 {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      parseEui(st, out, 6);
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      printEui(in, sb, 6);
    }
  },
  /** RFC 7043 §4.2: eight hex pairs separated by hyphens. */
  EUI64 {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      parseEui(st, out, 8);
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      printEui(in, sb, 8);
    }
  },
  /** Rest: one or more hex tokens. */
  HEX {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      byte[] b = st.getHex(true);
      out.writeByteArray(b);
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      byte[] b = in.readByteArray();
      if (b.length == 0) {
        throw new WireParseException("no hex data");
      }
      sb.append(base16.toString(b));
    }
  },
  /** Rest: base64, one or more tokens. */
  BASE64 {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      out.writeByteArray(st.getBase64(true));
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      byte[] b = in.readByteArray();
      if (b.length == 0) {
        throw new WireParseException("no base64 data");
      }
      sb.append(base64.toString(b));
    }
  },
  /** Rest: base64, possibly nothing. */
  BASE64_OPTIONAL {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      byte[] b = st.getBase64(false);
      if (b != null) {
        out.writeByteArray(b);
      }
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      byte[] b = in.readByteArray();
      if (b.length > 0) {
        sb.append(base64.toString(b));
      }
    }
  },
  /** Rest: base64, or {@code -} for nothing (DOA data). */
  BASE64_OR_DASH {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      Tokenizer.Token t = st.get();
      if (t.isString() && t.value().equals("-")) {
        return;
      }
      st.unget();
      out.writeByteArray(st.getBase64(true));
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      byte[] b = in.readByteArray();
      sb.append(b.length == 0 ? "-" : base64.toString(b));
    }
  },
  /** One character-string (RFC 1035 §3.3), printed quoted. */
  STRING {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      out.writeCountedString(characterString(st, st.get()));
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      sb.append(quoted(in.readCountedString()));
    }
  },
  /** Rest: one or more character-strings, as TXT. */
  STRINGS {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      int n = 0;
      for (Tokenizer.Token t = st.get(); t.isString(); t = st.get()) {
        out.writeCountedString(characterString(st, t));
        n++;
      }
      st.unget();
      if (n == 0) {
        throw st.exception("expected one or more character-strings");
      }
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      if (in.remaining() == 0) {
        throw new WireParseException("no character-string");
      }
      for (int i = 0; in.remaining() > 0; i++) {
        if (i > 0) {
          sb.append(' ');
        }
        sb.append(quoted(in.readCountedString()));
      }
    }
  },
  /** Rest: a type bit map as in NSEC (RFC 4034 §4.1.2), written as type mnemonics. */
  TYPE_BITMAP {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      TreeSet<Integer> types = new TreeSet<>();
      for (Tokenizer.Token t = st.get(); t.isString(); t = st.get()) {
        int type = Type.value(t.value(), true);
        if (type < 0) {
          throw st.exception("'" + t.value() + "' (expected: an RR type such as A or TYPE65280)");
        }
        types.add(type);
      }
      st.unget();
      int window = -1;
      byte[] bits = new byte[32];
      int used = 0;
      for (int type : types) {
        if (type >>> 8 != window) {
          writeWindow(out, window, bits, used);
          window = type >>> 8;
          bits = new byte[32];
        }
        int low = type & 0xFF;
        bits[low >>> 3] |= (byte) (0x80 >>> (low & 7));
        used = (low >>> 3) + 1;
      }
      writeWindow(out, window, bits, used);
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      int last = -1;
      boolean first = true;
      while (in.remaining() > 0) {
        int window = in.readU8();
        int length = in.readU8();
        if (window <= last || length < 1 || length > 32) {
          throw new WireParseException("invalid type bit map (window " + window + ", length " + length + ")");
        }
        last = window;
        byte[] bits = in.readByteArray(length);
        for (int i = 0; i < length * 8; i++) {
          if ((bits[i >>> 3] & (0x80 >>> (i & 7))) != 0) {
            if (!first) {
              sb.append(' ');
            }
            first = false;
            sb.append(Type.string(window << 8 | i));
          }
        }
      }
    }
  },
  /**
   * ATMA address (ATM Forum af-dans-0152.000): {@code +digits} is E.164 (format 1), hex digits (dots allowed) are
   * an AESA/NSAP address (format 0).
   */
  ATMA {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      String s = st.getString();
      if (s.startsWith("+")) {
        String digits = s.substring(1);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw st.exception("'" + s + "' (expected: +digits for E.164, or hex digits for an AESA address)");
        }
        out.writeU8(1);
        out.writeByteArray(digits.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return;
      }
      String hex = s.replace(".", "");
      if (hex.isEmpty() || hex.length() % 2 != 0 || !isHex(hex)) {
        throw st.exception("'" + s + "' (expected: +digits for E.164, or hex digits for an AESA address)");
      }
      out.writeU8(0);
      out.writeByteArray(base16.fromString(hex));
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      int format = in.readU8();
      byte[] addr = in.readByteArray();
      if (addr.length == 0) {
        throw new WireParseException("empty ATMA address");
      }
      if (format == 0) {
        sb.append(base16.toString(addr).toLowerCase(Locale.ROOT));
      } else if (format == 1) {
        sb.append('+');
        for (byte b : addr) {
          if (b < '0' || b > '9') {
            throw new WireParseException("E.164 ATMA address with a non-digit");
          }
          sb.append((char) b);
        }
      } else {
        throw new WireParseException("ATMA format " + format + " (expected: 0 or 1)");
      }
    }
  },
  /** RFC 8777 §4.3: D-bit, relay type (0 none, 1 IPv4, 2 IPv6, 3 name) and relay; rest. */
  AMT_RELAY {
    @Override
    void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException {
      int d = st.getUInt8();
      if (d > 1) {
        throw st.exception("discovery optional: " + d + " (expected: 0 or 1)");
      }
      int type = st.getUInt8();
      if (type > 3) {
        throw st.exception("relay type: " + type + " (expected: 0..3)");
      }
      out.writeU8(d << 7 | type);
      switch (type) {
        case 0 -> {
          String s = st.getString();
          if (!s.equals(".")) {
            throw st.exception("relay: '" + s + "' (expected: . for relay type 0)");
          }
        }
        case 1 -> out.writeByteArray(st.getAddressBytes(Address.IPv4));
        case 2 -> out.writeByteArray(st.getAddressBytes(Address.IPv6));
        default -> st.getName(origin).toWire(out, null);
      }
    }

    @Override
    void print(DNSInput in, StringBuilder sb) throws WireParseException {
      int b = in.readU8();
      int type = b & 0x7F;
      sb.append(b >>> 7).append(' ').append(type).append(' ');
      switch (type) {
        case 0 -> sb.append('.');
        case 1 -> sb.append(Address.toDottedQuad(in.readByteArray(4)));
        case 2 -> {
          try {
            sb.append(InetAddress.getByAddress(in.readByteArray(16)).getHostAddress());
          } catch (UnknownHostException e) {
            throw new WireParseException("bad IPv6 relay");
          }
        }
        case 3 -> sb.append(new Name(in));
        default -> throw new WireParseException("relay type " + type + " (expected: 0..3)");
      }
    }
  };

  /** Reads this field from master-file tokens and appends its wire form. */
  abstract void parse(Tokenizer st, Name origin, DNSOutput out) throws IOException;

  /** Reads this field's wire form, appending its presentation; throws when the bytes do not fit the field. */
  abstract void print(DNSInput in, StringBuilder sb) throws WireParseException;

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static void parseEui(Tokenizer st, DNSOutput out, int octets) throws IOException {
    String s = st.getString();
    String[] pairs = s.split("-", -1);
    boolean ok = pairs.length == octets;
    for (int i = 0; ok && i < pairs.length; i++) {
      ok = pairs[i].length() == 2 && isHex(pairs[i]);
    }
    if (!ok) {
      throw st.exception("'" + s + "' (expected: " + octets + " hex pairs separated by '-', such as "
          + (octets == 6 ? "00-00-5e-00-53-2a" : "00-00-5e-ef-10-00-00-2a") + ")");
    }
    for (String p : pairs) {
      out.writeU8(Integer.parseInt(p, 16));
    }
  }

  private static void printEui(DNSInput in, StringBuilder sb, int octets) throws WireParseException {
    byte[] b = in.readByteArray(octets);
    for (int i = 0; i < octets; i++) {
      if (i > 0) {
        sb.append('-');
      }
      sb.append(String.format(Locale.ROOT, "%02x", b[i] & 0xFF));
    }
  }

  private static byte[] characterString(Tokenizer st, Tokenizer.Token t) throws IOException {
    if (!t.isString()) {
      throw st.exception("expected a character-string");
    }
    try {
      return FieldRecord.characterString(t.value());
    } catch (TextParseException e) {
      throw st.exception(e.getMessage());
    }
  }

  private static String quoted(byte[] b) {
    return FieldRecord.quoted(b);
  }

  private static void writeWindow(DNSOutput out, int window, byte[] bits, int used) {
    if (window < 0) {
      return;
    }
    out.writeU8(window);
    out.writeU8(used);
    out.writeByteArray(bits, 0, used);
  }
}
