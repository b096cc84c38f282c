package io.aya.gslb.dns;

import io.netty.buffer.ByteBuf;
import org.xbill.DNS.Type;

/** Recognizes a zone transfer query from its first bytes, without decoding the rest. Stateless. */
final class TransferQuestion {
  private TransferQuestion() {}

  /**
   * True for a standard query (QR 0, opcode 0) with one question of type AXFR or IXFR whose name is written
   * without compression; anything else (including junk) is left to the normal path, which validates it.
   */
  static boolean isTransfer(ByteBuf buf) {
    int base = buf.readerIndex();
    int len = buf.readableBytes();
    if (len < WireQuery.HEADER_LENGTH + 5) {
      return false;
    }
    int flags = buf.getUnsignedShort(base + 2);
    if ((flags & 0xF800) != 0 || buf.getUnsignedShort(base + 4) != 1) {
      return false;
    }
    int pos = WireQuery.HEADER_LENGTH;
    while (pos < len) {
      int label = buf.getUnsignedByte(base + pos);
      if (label == 0) {
        break;
      }
      if (label > 63) {
        return false;
      }
      pos += label + 1;
    }
    if (pos + 3 > len - 1) {
      return false;
    }
    int qtype = buf.getUnsignedShort(base + pos + 1);
    return qtype == Type.AXFR || qtype == Type.IXFR;
  }
}
