package io.aya.gslb.xfr;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.io.IOException;
import java.util.Iterator;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * The messages of one zone transfer over TCP (RFC 5936 §2.2), produced one at a time as the connection can take
 * them: each holds as many records as fit in about {@link #TARGET_SIZE} bytes, with name compression, the
 * question in the first only, and a TSIG on every message when the request was signed (RFC 8945 §5.3.1). Each
 * chunk is one message with its two-byte length prefix. Not thread-safe: used by the connection's event loop.
 */
final class XfrStream implements ChunkedInput<ByteBuf> {
  /** Uncompressed bytes of records per message; compression makes the message smaller still. */
  static final int TARGET_SIZE = 16 * 1024;
  private static final int MAX_MESSAGE = 65535;

  private final int id;
  private final int flags;
  private final Record question;
  private final Iterator<Record> records;
  private final TSIG.StreamGenerator signer;
  private byte[] preset;
  private Record pending;
  private boolean first = true;
  private boolean done;
  private long messages;

  /**
   * @param query the request, for its ID, RD bit and question
   * @param signer signs each message, or null for an unsigned request
   */
  XfrStream(Message query, Iterator<Record> records, TSIG.StreamGenerator signer) {
    this.id = query.getHeader().getID();
    this.flags = query.getHeader().getFlag(Flags.RD) ? 1 : 0;
    this.question = query.getQuestion();
    this.records = records;
    this.signer = signer;
  }

  /** A stream of one prepared message (an error, or an up-to-date IXFR answer). */
  static XfrStream single(byte[] wire) {
    XfrStream s = new XfrStream(new Message(0), java.util.Collections.emptyIterator(), null);
    s.preset = wire;
    return s;
  }

  @Override
  public boolean isEndOfInput() {
    return done;
  }

  @Override
  public void close() {
    done = true;
  }

  @Deprecated
  @Override
  public ByteBuf readChunk(ChannelHandlerContext ctx) throws Exception {
    return readChunk(ctx.alloc());
  }

  @Override
  public ByteBuf readChunk(ByteBufAllocator alloc) throws Exception {
    if (done) {
      return null;
    }
    byte[] wire = preset != null ? preset : nextMessage();
    if (preset != null) {
      done = true;
    }
    messages++;
    return alloc.buffer(wire.length + 2).writeShort(wire.length).writeBytes(wire);
  }

  private byte[] nextMessage() throws IOException {
    Message m = new Message(id);
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AA);
    if (flags == 1) {
      m.getHeader().setFlag(Flags.RD);
    }
    if (first && question != null) {
      m.addRecord(question, Section.QUESTION);
    }
    first = false;
    int size = 0;
    int count = 0;
    while (true) {
      Record r = pending;
      pending = null;
      if (r == null) {
        if (!records.hasNext()) {
          done = true;
          break;
        }
        r = records.next();
      }
      int estimate = estimate(r);
      if (count > 0 && size + estimate > TARGET_SIZE) {
        pending = r;
        break;
      }
      m.addRecord(r, Section.ANSWER);
      size += estimate;
      count++;
    }
    if (signer != null) {
      signer.generate(m);
    }
    byte[] wire = m.toWire();
    if (wire.length > MAX_MESSAGE) {
      throw new IOException("a record of the zone does not fit in a DNS message (" + wire.length + " bytes)");
    }
    return wire;
  }

  /** Upper bound of a record's uncompressed wire size. */
  private static int estimate(Record r) {
    int rdata = switch (r.getType()) {
      case Type.A -> 4;
      case Type.AAAA -> 16;
      default -> r.rdataToWireCanonical().length;
    };
    return r.getName().length() + 10 + rdata;
  }

  @Override
  public long length() {
    return -1;
  }

  @Override
  public long progress() {
    return messages;
  }
}
