package io.aya.gslb.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;

/**
 * Writes responses into pooled buffers: copies pre-rendered responses and patches them for one query (ID, RD,
 * CD, the question's letter case), appends our OPT record with the ECS echo (RFC 6891 §6.1.2, RFC 7871 §7.2),
 * truncates what does not fit (RFC 1035 §4.2.1, RFC 2181 §9, RFC 9471) and prefixes TCP messages with their
 * length (RFC 1035 §4.2.2). Reads of a query only what {@link QueryEcho} offers. Stateless apart from
 * configuration; thread-safe.
 */
final class ResponseWriter {
  private static final int TC = 0x02;
  private static final int ANCOUNT = 6;
  private static final int ARCOUNT = 10;

  private final int advertisedPayload;

  ResponseWriter(int advertisedPayload) {
    this.advertisedPayload = advertisedPayload;
  }

  /** Bytes our OPT record takes in the reply to {@code q}: 0 when the query had none. */
  static int optLength(QueryEcho q) {
    int ecs = q.ecsLength();
    return q.hasOpt() ? 11 + (ecs > 0 ? 4 + ecs : 0) : 0;
  }

  /**
   * Copies a rendered response without OPT, patching in the query's ID, RD, CD and question name (same length,
   * maybe other letter case), and appends our OPT when the query had one. Null when it does not fit {@code
   * limit}.
   */
  ByteBuf patched(
      byte[] wire, QueryEcho q, int extendedRcode, int scope, int limit, boolean tcp, ByteBufAllocator alloc) {
    int length = wire.length + optLength(q);
    if (length > limit) {
      return null;
    }
    ByteBuf b = start(wire, q, length, tcp, alloc);
    finish(b, q, extendedRcode, scope, tcp);
    return b;
  }

  /**
   * Starts a reply with a copy of {@code wire} (a rendered response without OPT) patched for {@code q}; records
   * may be appended before {@link #finish}. Leaves room for {@code capacity} bytes of message (it grows past).
   */
  static ByteBuf start(byte[] wire, QueryEcho q, int capacity, boolean tcp, ByteBufAllocator alloc) {
    ByteBuf b = alloc.ioBuffer(capacity + (tcp ? 2 : 0));
    if (tcp) {
      b.writeShort(0);
    }
    int at = b.writerIndex();
    b.writeBytes(wire);
    patchHeaderAndQuestion(b, at, q);
    return b;
  }

  /** Where the message begins in a buffer from {@link #start}. */
  static int messageStart(ByteBuf b, boolean tcp) {
    return b.readerIndex() + (tcp ? 2 : 0);
  }

  /** Adds {@code n} to the answer count of a message begun by {@link #start}. */
  static void addAnswers(ByteBuf b, boolean tcp, int n) {
    int at = messageStart(b, tcp) + ANCOUNT;
    b.setShort(at, b.getUnsignedShort(at) + n);
  }

  /** Adds {@code n} to the additional count of a message begun by {@link #start}. */
  static void addAdditionals(ByteBuf b, boolean tcp, int n) {
    int at = messageStart(b, tcp) + ARCOUNT;
    b.setShort(at, b.getUnsignedShort(at) + n);
  }

  /** Sets TC (RFC 1035 §4.1.1) in a message begun by {@link #start}. */
  static void setTruncated(ByteBuf b, boolean tcp) {
    int at = messageStart(b, tcp) + 2;
    b.setByte(at, b.getByte(at) | TC);
  }

  /** Ends a message begun by {@link #start}: our OPT when the query had one, and the TCP length prefix. */
  void finish(ByteBuf b, QueryEcho q, int extendedRcode, int scope, boolean tcp) {
    if (q.hasOpt()) {
      addAdditionals(b, tcp, 1);
      writeOpt(b, q, extendedRcode, scope);
    }
    if (tcp) {
      b.setShort(b.readerIndex(), b.writerIndex() - b.readerIndex() - 2);
    }
  }

  private static void patchHeaderAndQuestion(ByteBuf b, int at, QueryEcho q) {
    b.setShort(at, q.id());
    int flags = b.getUnsignedByte(at + 2);
    b.setByte(at + 2, (flags & ~0x01) | (q.rd() ? 0x01 : 0));
    int more = b.getUnsignedByte(at + 3);
    b.setByte(at + 3, (more & ~0x10) | (q.cd() ? 0x10 : 0));
    b.setBytes(at + WireQuery.HEADER_LENGTH, q.name(), 0, q.nameLength());
  }

  /**
   * Our OPT record: root owner, our payload size, version 0, the query's DO bit (copied, RFC 3225 §3), the ECS
   * echo with the scope {@link QueryEcho#echoedScope} makes of {@code scope}.
   */
  private void writeOpt(ByteBuf b, QueryEcho q, int extendedRcode, int scope) {
    b.writeByte(0);
    b.writeShort(WireQuery.TYPE_OPT);
    b.writeShort(advertisedPayload);
    b.writeByte(extendedRcode);
    b.writeByte(0);
    b.writeShort(q.dnssecOk() ? ExtendedFlags.DO : 0);
    int ecs = q.ecsLength();
    if (ecs == 0) {
      b.writeShort(0);
      return;
    }
    b.writeShort(4 + ecs);
    b.writeShort(WireQuery.OPTION_ECS);
    b.writeShort(ecs);
    int at = b.writerIndex();
    b.writeBytes(q.ecsOption(), 0, ecs);
    b.setByte(at + 3, q.echoedScope(scope));
  }

  /**
   * The slow path for a rendered response over the client's size: dnsjava drops whole RRsets from the end and
   * sets TC; a referral whose glue does not fit is truncated too.
   *
   * @param wire a rendered response without OPT, as in {@link #patched}
   * @param glue in-domain glue records a referral needs (RFC 9471 §3), else 0
   */
  ByteBuf truncated(byte[] wire, QueryEcho q, int scope, int glue, int limit, boolean tcp, ByteBufAllocator alloc)
      throws IOException {
    Message m = new Message(wire);
    if (q.hasOpt()) {
      List<EDNSOption> options = List.of();
      int length = q.ecsLength();
      if (length > 0) {
        byte[] ecs = Arrays.copyOf(q.ecsOption(), length);
        ecs[3] = (byte) q.echoedScope(scope);
        options = List.of(new GenericEDNSOption(WireQuery.OPTION_ECS, ecs));
      }
      m.addRecord(
          new OPTRecord(advertisedPayload, 0, 0, q.dnssecOk() ? ExtendedFlags.DO : 0, options), Section.ADDITIONAL);
    }
    byte[] out = m.toWire(limit);
    int additional = (out[10] & 0xFF) << 8 | (out[11] & 0xFF);
    if (glue > 0 && additional - (q.hasOpt() ? 1 : 0) < glue) {
      // RFC 9471 §3: a referral whose in-domain glue does not fit is truncated
      out[2] |= TC;
    }
    ByteBuf b = alloc.ioBuffer(out.length + (tcp ? 2 : 0));
    if (tcp) {
      b.writeShort(out.length);
    }
    int at = b.writerIndex();
    b.writeBytes(out);
    patchHeaderAndQuestion(b, at, q);
    return b;
  }

  static ByteBuf headerOnly(ByteBuf query, int rcode, boolean tcp, ByteBufAllocator alloc) {
    int base = query.readerIndex();
    return headerOnly(query.getUnsignedShort(base), query.getUnsignedShort(base + 2), rcode, tcp, alloc);
  }

  /** A bare header answering a query we cannot or will not parse further: ID, opcode, RD and CD copied. */
  static ByteBuf headerOnly(int id, int queryFlags, int rcode, boolean tcp, ByteBufAllocator alloc) {
    ByteBuf b = alloc.ioBuffer(WireQuery.HEADER_LENGTH + (tcp ? 2 : 0));
    if (tcp) {
      b.writeShort(WireQuery.HEADER_LENGTH);
    }
    b.writeShort(id);
    b.writeShort(0x8000 | (queryFlags & 0x7800) | (queryFlags & 0x0100) | (queryFlags & 0x0010) | (rcode & 0xF));
    b.writeLong(0);
    return b;
  }
}
