package io.aya.gslb.zone;

import java.io.IOException;
import java.util.List;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Tokenizer;
import org.xbill.DNS.WireParseException;

/**
 * The RDATA of one record type as a sequence of {@link RdataField}s, with the document that defines it.
 *
 * @param type the type code
 * @param mnemonic the IANA mnemonic
 * @param fields the fields in wire order
 * @param reference the RFC (or draft) that defines the presentation and wire format
 */
record RdataLayout(int type, String mnemonic, List<RdataField> fields, String reference) {
  RdataLayout {
    if (type < 0 || type > 0xFFFF) {
      throw new IllegalArgumentException("type: " + type + " (expected: 0..65535)");
    }
    fields = List.copyOf(fields);
  }

  /** The wire form of the RDATA written in master-file text. */
  byte[] parse(Tokenizer st, Name origin) throws IOException {
    DNSOutput out = new DNSOutput();
    for (RdataField f : fields) {
      f.parse(st, origin, out);
    }
    if (out.current() > 0xFFFF) {
      throw st.exception("RDATA of " + out.current() + " bytes (expected: at most 65535)");
    }
    return out.toByteArray();
  }

  /**
   * The presentation of {@code rdata}, fields separated by one space.
   *
   * @throws WireParseException when the bytes do not match the layout (too short, trailing bytes, bad values)
   */
  String print(byte[] rdata) throws WireParseException {
    DNSInput in = new DNSInput(rdata);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      int mark = sb.length();
      if (i > 0) {
        sb.append(' ');
      }
      int start = sb.length();
      fields.get(i).print(in, sb);
      if (sb.length() == start) {
        sb.setLength(mark);
      }
    }
    if (in.remaining() > 0) {
      throw new WireParseException(in.remaining() + " bytes after the last field of " + mnemonic);
    }
    return sb.toString();
  }
}
