package io.aya.gslb.dns;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * A query decoded and validated from raw bytes before anything else looks at it: header (RFC 1035 §4.1.1), the
 * single question, and the EDNS OPT record with its client-subnet option (RFC 6891, RFC 7871). Malformed input
 * never throws: {@link #decode} returns a {@link DecodeOutcome}. Reused query after query by one thread; not
 * thread-safe.
 */
final class WireQuery implements QueryEcho {
  static final int HEADER_LENGTH = 12;
  static final int TYPE_OPT = 41;
  static final int TYPE_TSIG = 250;
  static final int OPTION_ECS = 8;
  private static final int MAX_NAME = 255;
  private static final int MAX_POINTER_HOPS = 127;

  private int id;
  /** The second 16 bits of the header: QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE. */
  private int flags;
  /** The question name in uncompressed wire form with the client's letter case, {@link #nameLength} bytes. */
  private final byte[] name = new byte[MAX_NAME];
  private int nameLength;
  private int qtype;
  private int qclass;

  private boolean hasOpt;
  private int udpPayload;
  private int ednsVersion;
  private boolean dnssecOk;
  /** The query carries a TSIG record (RFC 8945): its reply must be signed, which the plain path cannot do. */
  private boolean signed;
  /** An option had inconsistent content ({@link DecodeOutcome#FORMERR_OPTION}). */
  private boolean badOption;

  private final EcsOption ecs = new EcsOption();

  /** The transport peer, set by the caller after decoding. */
  private InetAddress peer;

  /** RFC 7871 §7.1.2: the ECS address when its source prefix is non-zero, else the peer address. */
  InetAddress address() {
    return ecs.locates() ? ecs.address() : peer;
  }

  /** The prefix length of {@link #address()} that the client disclosed: the ECS source prefix, else 32 or 128. */
  int sourcePrefix() {
    if (ecs.locates()) {
      return ecs.locatedPrefix();
    }
    return peer instanceof Inet4Address ? 32 : 128;
  }

  /** See {@link EcsOption#echoedScope}: the one ECS scope rule. */
  @Override
  public int echoedScope(int scope) {
    return ecs.echoedScope(scope);
  }

  void peer(InetAddress peer) {
    this.peer = peer;
  }

  /** Leaves the client-subnet option out of the reply (replies that carry no answer, RFC 7871 §7.2.2). */
  void withoutEcs() {
    ecs.clear();
  }

  @Override
  public int id() {
    return id;
  }

  /** The second 16 bits of the header: QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE. */
  int flags() {
    return flags;
  }

  int opcode() {
    return (flags >>> 11) & 0xF;
  }

  @Override
  public boolean rd() {
    return (flags & 0x0100) != 0;
  }

  @Override
  public boolean cd() {
    return (flags & 0x0010) != 0;
  }

  @Override
  public byte[] name() {
    return name;
  }

  @Override
  public int nameLength() {
    return nameLength;
  }

  int qtype() {
    return qtype;
  }

  int qclass() {
    return qclass;
  }

  @Override
  public boolean hasOpt() {
    return hasOpt;
  }

  /** The requestor's UDP payload size from its OPT record (RFC 6891 §6.2.3); 0 without OPT. */
  int udpPayload() {
    return udpPayload;
  }

  int ednsVersion() {
    return ednsVersion;
  }

  @Override
  public boolean dnssecOk() {
    return dnssecOk;
  }

  /** The query carries a TSIG record (RFC 8945): its reply must be signed, which the plain path cannot do. */
  boolean signed() {
    return signed;
  }

  @Override
  public byte[] ecsOption() {
    return ecs.payload();
  }

  @Override
  public int ecsLength() {
    return ecs.length();
  }

  /**
   * Decodes {@code buf} between its reader and writer index without moving them. Every field is reset first, so
   * one instance can serve query after query on one thread.
   */
  DecodeOutcome decode(ByteBuf buf) {
    nameLength = 0;
    qtype = 0;
    qclass = 0;
    hasOpt = false;
    udpPayload = 0;
    ednsVersion = 0;
    dnssecOk = false;
    signed = false;
    badOption = false;
    ecs.clear();
    peer = null;
    int base = buf.readerIndex();
    int len = buf.readableBytes();
    if (len < HEADER_LENGTH) {
      return DecodeOutcome.DROP;
    }
    id = buf.getUnsignedShort(base);
    flags = buf.getUnsignedShort(base + 2);
    if ((flags & 0x8000) != 0) {
      return DecodeOutcome.DROP;
    }
    boolean wellFormed = decodeBody(buf, base, len);
    if (opcode() != 0) {
      // an opcode we do not implement: echo question and OPT only when it reads as a standard query would
      return wellFormed && !badOption ? DecodeOutcome.NOTIMP_PARSED : DecodeOutcome.NOTIMP;
    }
    if (!wellFormed) {
      return DecodeOutcome.FORMERR;
    }
    return badOption ? DecodeOutcome.FORMERR_OPTION : DecodeOutcome.OK;
  }

  /** Question and the three record sections; false when they are malformed (FORMERR). */
  private boolean decodeBody(ByteBuf buf, int base, int len) {
    int qdcount = buf.getUnsignedShort(base + 4);
    int ancount = buf.getUnsignedShort(base + 6);
    int nscount = buf.getUnsignedShort(base + 8);
    int arcount = buf.getUnsignedShort(base + 10);
    if (qdcount != 1) {
      return false;
    }
    int pos = readName(buf, base, len, HEADER_LENGTH, true);
    if (pos < 0 || pos + 4 > len) {
      return false;
    }
    qtype = buf.getUnsignedShort(base + pos);
    qclass = buf.getUnsignedShort(base + pos + 2);
    pos += 4;
    if (qtype == TYPE_OPT) {
      return false;
    }
    int records = ancount + nscount;
    for (int i = 0; i < records; i++) {
      pos = skipRecord(buf, base, len, pos, false);
      if (pos < 0) {
        return false;
      }
    }
    for (int i = 0; i < arcount; i++) {
      pos = skipRecord(buf, base, len, pos, true);
      if (pos < 0) {
        return false;
      }
    }
    return pos == len;
  }

  /**
   * Reads a possibly compressed name starting at {@code pos}; returns the offset just after it in the message,
   * or -1 when it is malformed: truncated, a label over 63 bytes, an unknown label type, longer than 255 bytes,
   * or a compression pointer that does not point strictly before every earlier one (which rules out loops).
   */
  private int readName(ByteBuf buf, int base, int len, int pos, boolean keep) {
    int out = 0;
    int end = -1;
    int limit = pos;
    int hops = 0;
    int p = pos;
    while (true) {
      if (p >= len) {
        return -1;
      }
      int l = buf.getUnsignedByte(base + p);
      if ((l & 0xC0) == 0xC0) {
        if (p + 1 >= len) {
          return -1;
        }
        int target = ((l & 0x3F) << 8) | buf.getUnsignedByte(base + p + 1);
        if (target >= limit || ++hops > MAX_POINTER_HOPS) {
          return -1;
        }
        if (end < 0) {
          end = p + 2;
        }
        limit = target;
        p = target;
        continue;
      }
      if (l > 63) {
        return -1;
      }
      if (out + 1 + l > MAX_NAME) {
        return -1;
      }
      if (l == 0) {
        if (keep) {
          name[out] = 0;
          nameLength = out + 1;
        }
        return end < 0 ? p + 1 : end;
      }
      if (p + 1 + l > len) {
        return -1;
      }
      if (keep) {
        buf.getBytes(base + p, name, out, 1 + l);
      }
      out += 1 + l;
      p += 1 + l;
    }
  }

  private int skipRecord(ByteBuf buf, int base, int len, int pos, boolean additional) {
    int nameStart = pos;
    pos = readName(buf, base, len, pos, false);
    if (pos < 0 || pos + 10 > len) {
      return -1;
    }
    int type = buf.getUnsignedShort(base + pos);
    int rdlength = buf.getUnsignedShort(base + pos + 8);
    int rdata = pos + 10;
    if (rdata + rdlength > len) {
      return -1;
    }
    if (type == TYPE_TSIG && additional) {
      signed = true;
    }
    if (type == TYPE_OPT) {
      // RFC 6891 §6.1.1: one OPT, in the additional section, owned by the root
      if (!additional || hasOpt || pos != nameStart + 1) {
        return -1;
      }
      hasOpt = true;
      udpPayload = buf.getUnsignedShort(base + pos + 2);
      ednsVersion = buf.getUnsignedByte(base + pos + 5);
      dnssecOk = (buf.getUnsignedByte(base + pos + 6) & 0x80) != 0;
      if (!readOptions(buf, base + rdata, rdlength)) {
        return -1;
      }
    }
    return rdata + rdlength;
  }

  private boolean readOptions(ByteBuf buf, int at, int length) {
    int p = 0;
    while (p < length) {
      if (p + 4 > length) {
        return false;
      }
      int code = buf.getUnsignedShort(at + p);
      int optLen = buf.getUnsignedShort(at + p + 2);
      p += 4;
      if (p + optLen > length) {
        return false;
      }
      if (code == OPTION_ECS && !ecs.read(buf, at + p, optLen)) {
        badOption = true;
      }
      p += optLen;
    }
    return true;
  }
}
