package io.aya.gslb.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Writes responses into pooled buffers: patches pre-rendered responses for one query (ID, RD, CD, the question's
 * letter case), appends our OPT record with the ECS echo (RFC 6891 §6.1.2, RFC 7871 §7.2), truncates what does
 * not fit (RFC 1035 §4.2.1, RFC 2181 §9, RFC 9471) and prefixes TCP messages with their length (RFC 1035
 * §4.2.2). Stateless apart from configuration; thread-safe.
 */
final class ResponseWriter {
  private static final int TC = 0x02;
  private static final int POINTER_TO_QUESTION = 0xC000 | WireQuery.HEADER_LENGTH;

  private final int advertisedPayload;

  ResponseWriter(int advertisedPayload) {
    this.advertisedPayload = advertisedPayload;
  }

  private static int optLength(WireQuery q) {
    return q.hasOpt ? 11 + (q.hasEcs ? 4 + q.ecsLength : 0) : 0;
  }

  /**
   * Copies a rendered response without OPT, patching in the query's ID, RD, CD and question name (same length,
   * maybe other letter case), and appends our OPT when the query had one. Null when it does not fit {@code
   * limit}.
   */
  ByteBuf patched(
      byte[] wire, WireQuery q, int extendedRcode, int scope, int limit, boolean tcp, ByteBufAllocator alloc) {
    int length = wire.length + optLength(q);
    if (length > limit) {
      return null;
    }
    ByteBuf b = alloc.ioBuffer(length + (tcp ? 2 : 0));
    if (tcp) {
      b.writeShort(length);
    }
    int at = b.writerIndex();
    b.writeBytes(wire);
    patchHeaderAndQuestion(b, at, wire, q);
    if (q.hasOpt) {
      b.setShort(at + 10, ((wire[10] & 0xFF) << 8 | (wire[11] & 0xFF)) + 1);
      writeOpt(b, q, extendedRcode, scope);
    }
    return b;
  }

  /**
   * A balanced answer straight from the resolver's records: {@code route.head()} (header and question) and the
   * records owned by the query name, each a compression pointer to the question. When they do not fit the
   * client's size, the single RRset is left out and TC set.
   *
   * @param rdata the pre-encoded RDATA of each record (see {@link io.aya.gslb.policy.BalancedAnswer#rdata()}),
   *     so that no record is asked for its address on the answer path
   */
  ByteBuf balanced(
      BalancedRoute route,
      List<Record> records,
      List<byte[]> rdata,
      WireQuery q,
      int scope,
      int limit,
      boolean tcp,
      ByteBufAllocator alloc) {
    byte[] head = route.head();
    int n = records.size();
    int recordsLength = 0;
    for (int i = 0; i < n; i++) {
      recordsLength += 12 + rdata.get(i).length;
    }
    int opt = optLength(q);
    boolean fits = head.length + recordsLength + opt <= limit;
    int length = head.length + (fits ? recordsLength : 0) + opt;
    ByteBuf b = alloc.ioBuffer(length + (tcp ? 2 : 0));
    if (tcp) {
      b.writeShort(length);
    }
    int at = b.writerIndex();
    b.writeBytes(head);
    patchHeaderAndQuestion(b, at, head, q);
    if (fits) {
      b.setShort(at + 6, n);
      for (int i = 0; i < n; i++) {
        Record r = records.get(i);
        b.writeShort(POINTER_TO_QUESTION);
        b.writeShort(r.getType());
        b.writeShort(r.getDClass());
        b.writeInt((int) r.getTTL());
        byte[] bytes = rdata.get(i);
        b.writeShort(bytes.length);
        b.writeBytes(bytes);
      }
    } else {
      b.setByte(at + 2, b.getByte(at + 2) | TC);
    }
    if (q.hasOpt) {
      b.setShort(at + 10, 1);
      writeOpt(b, q, 0, scope);
    }
    return b;
  }

  private static void patchHeaderAndQuestion(ByteBuf b, int at, byte[] wire, WireQuery q) {
    b.setShort(at, q.id);
    b.setByte(at + 2, (wire[2] & ~0x01) | (q.rd() ? 0x01 : 0));
    b.setByte(at + 3, (wire[3] & ~0x10) | (q.cd() ? 0x10 : 0));
    b.setBytes(at + WireQuery.HEADER_LENGTH, q.name, 0, q.nameLength);
  }

  /**
   * Our OPT record: root owner, our payload size, version 0, the query's DO bit (RFC 3225 §3: copied, though we
   * have no signatures to add), the ECS echo.
   */
  private void writeOpt(ByteBuf b, WireQuery q, int extendedRcode, int scope) {
    b.writeByte(0);
    b.writeShort(WireQuery.TYPE_OPT);
    b.writeShort(advertisedPayload);
    b.writeByte(extendedRcode);
    b.writeByte(0);
    b.writeShort(q.dnssecOk ? ExtendedFlags.DO : 0);
    if (!q.hasEcs) {
      b.writeShort(0);
      return;
    }
    b.writeShort(4 + q.ecsLength);
    b.writeShort(WireQuery.OPTION_ECS);
    b.writeShort(q.ecsLength);
    int at = b.writerIndex();
    b.writeBytes(q.ecsOption, 0, q.ecsLength);
    b.setByte(at + 3, echoedScope(q, scope));
  }

  /**
   * RFC 7871 §7.2.1: never above the source prefix; 0 when the answer does not depend on the client. {@code
   * scope} is in the bits of the located address (IPv4 for an IPv4-mapped family-2 option).
   */
  private static int echoedScope(WireQuery q, int scope) {
    if (scope <= 0) {
      return 0;
    }
    return Math.min(scope + q.ecsMappedBits, q.ecsSourcePrefix);
  }

  /** The slow path for answers over the client's size: dnsjava drops whole RRsets from the end and sets TC. */
  ByteBuf truncated(Message m, WireQuery q, int scope, int glue, int limit, boolean tcp, ByteBufAllocator alloc) {
    if (q.hasOpt) {
      List<EDNSOption> options = List.of();
      if (q.hasEcs) {
        byte[] ecs = Arrays.copyOf(q.ecsOption, q.ecsLength);
        ecs[3] = (byte) echoedScope(q, scope);
        options = List.of(new GenericEDNSOption(WireQuery.OPTION_ECS, ecs));
      }
      m.addRecord(
          new OPTRecord(advertisedPayload, 0, 0, q.dnssecOk ? ExtendedFlags.DO : 0, options), Section.ADDITIONAL);
    }
    byte[] wire = m.toWire(limit);
    int additional = (wire[10] & 0xFF) << 8 | (wire[11] & 0xFF);
    if (glue > 0 && additional - (q.hasOpt ? 1 : 0) < glue) {
      // RFC 9471 §3: a referral whose in-domain glue does not fit is truncated
      wire[2] |= TC;
    }
    ByteBuf b = alloc.ioBuffer(wire.length + (tcp ? 2 : 0));
    if (tcp) {
      b.writeShort(wire.length);
    }
    b.writeBytes(wire);
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
