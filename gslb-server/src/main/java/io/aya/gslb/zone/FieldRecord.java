package io.aya.gslb.zone;

import java.io.IOException;
import org.xbill.DNS.Compression;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Tokenizer;
import org.xbill.DNS.WireParseException;

/**
 * A record of a type dnsjava has no class for, read and printed by its {@link RdataLayout} and kept as its wire
 * RDATA, so it is answered byte for byte as loaded (names uncompressed and in their original case, RFC 3597 §4).
 * Registered with dnsjava by {@link RecordTypes}. Immutable once built.
 */
final class FieldRecord extends Record {
  private static final long serialVersionUID = 1L;

  private final transient RdataLayout layout;
  private byte[] rdata;

  FieldRecord(RdataLayout layout) {
    this.layout = layout;
  }

  /** The RDATA in wire format. */
  byte[] rdata() {
    return rdata.clone();
  }

  @Override
  protected void rrFromWire(DNSInput in) throws IOException {
    byte[] data = in.readByteArray();
    try {
      layout.print(data);
    } catch (WireParseException e) {
      throw new WireParseException("invalid " + layout.mnemonic() + " RDATA (" + e.getMessage() + ")");
    }
    rdata = data;
  }

  @Override
  protected void rdataFromString(Tokenizer st, Name origin) throws IOException {
    rdata = layout.parse(st, origin);
  }

  @Override
  protected String rrToString() {
    try {
      return layout.print(rdata);
    } catch (WireParseException e) {
      // rdata was checked against the layout when it was read
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected void rrToWire(DNSOutput out, Compression c, boolean canonical) {
    out.writeByteArray(rdata);
  }

  /** A character-string's bytes from its master-file text (RFC 1035 §5.1 escapes). */
  static byte[] characterString(String text) throws TextParseException {
    return byteArrayFromString(text);
  }

  /** A character-string in quotes, with dnsjava's escapes. */
  static String quoted(byte[] b) {
    return byteArrayToString(b, true);
  }
}
