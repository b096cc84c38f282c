package io.aya.gslb.xfr;

import io.aya.gslb.dns.ZoneTransfers;
import io.aya.gslb.zone.Serials;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneRecords;
import io.aya.gslb.zone.ZoneSetSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.handler.stream.ChunkedInput;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * Serves AXFR (RFC 5936) and IXFR (RFC 1995) from the current zone snapshot: checks the zone's {@code
 * $TRANSFER} rules and the request's TSIG ({@link TransferAccess}), then streams SOA, every record
 * ({@link ZoneRecords}: static records and the static fallback of balanced names), SOA; or, for IXFR, the
 * differences the {@link ZoneJournal} holds since the client's serial, falling back to the whole zone when it
 * holds none. The snapshot is read once per request, so a reload during a transfer does not mix versions.
 *
 * <p>Meter: {@code aya.xfr.requests{type,result}}. Thread-safe; never blocks.
 */
public final class TransferResponder implements ZoneTransfers {
  private static final Logger log = LoggerFactory.getLogger(TransferResponder.class);

  private final ZoneSetSource zones;
  private final ZoneJournal journal;
  private final Supplier<TsigKeyring> keys;
  private final MeterRegistry meters;

  public TransferResponder(ZoneSetSource zones, ZoneJournal journal, Supplier<TsigKeyring> keys, MeterRegistry meters) {
    this.zones = Objects.requireNonNull(zones, "zones");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.meters = Objects.requireNonNull(meters, "meters");
  }

  @Override
  public ChunkedInput<ByteBuf> overTcp(byte[] query, InetAddress peer) {
    Reply r = reply(query, peer, true, 65535);
    return r.stream != null ? r.stream : XfrStream.single(r.wire);
  }

  @Override
  public byte[] overUdp(byte[] query, InetAddress peer, int maxSize) {
    return reply(query, peer, false, maxSize).wire;
  }

  /**
   * A signed query other than a transfer: the apex SOA of a zone served here (what a secondary asks before
   * transferring) is answered signed; any other signed question is REFUSED, signed. Bad signatures as for
   * transfers.
   */
  @Override
  public byte[] signedQuery(byte[] wire, InetAddress peer, int maxSize) {
    Message q;
    try {
      q = new Message(wire);
    } catch (IOException e) {
      return headerOnly(wire, Rcode.FORMERR);
    }
    if (q.getQuestion() == null) {
      return error(q, Rcode.FORMERR);
    }
    TransferAccess.Verdict v = TransferAccess.verify(q, wire, keys.get());
    if (v instanceof TransferAccess.BadTsig bad) {
      return badTsig(q, bad);
    }
    TransferAccess.Allowed ok = (TransferAccess.Allowed) v;
    Record question = q.getQuestion();
    Zone zone = zones.current().zone(question.getName());
    if (zone == null || question.getType() != Type.SOA || question.getDClass() != DClass.IN) {
      Message m = response(q);
      m.getHeader().setRcode(Rcode.REFUSED);
      return signed(m, ok);
    }
    return signed(answer(q, List.of(zone.soa())), ok);
  }

  /** One of: a prepared message, or a stream (TCP only). */
  private record Reply(byte[] wire, XfrStream stream) {}

  private Reply reply(byte[] wire, InetAddress peer, boolean tcp, int maxSize) {
    Message q;
    try {
      q = new Message(wire);
    } catch (IOException e) {
      count("unknown", "formerr");
      return new Reply(headerOnly(wire, Rcode.FORMERR), null);
    }
    Record question = q.getQuestion();
    String type = question == null ? "unknown" : Type.string(question.getType());
    if (question == null || question.getDClass() != DClass.IN) {
      count(type, "formerr");
      return new Reply(error(q, Rcode.FORMERR), null);
    }
    Zone zone = zones.current().zone(question.getName());
    if (zone == null) {
      // RFC 5936 §2.2.1: not a zone this server is authoritative for
      count(type, "notauth");
      return new Reply(error(q, Rcode.NOTAUTH), null);
    }
    TransferAccess.Verdict v = TransferAccess.check(zone.transfer(), peer, q, wire, keys.get());
    if (v instanceof TransferAccess.Refused) {
      count(type, "refused");
      log.debug("zone transfer {} of {} from {} refused by the zone's $TRANSFER rules", type, zone.origin(), peer);
      return new Reply(error(q, Rcode.REFUSED), null);
    }
    if (v instanceof TransferAccess.BadTsig bad) {
      count(type, "notauth");
      log.debug("zone transfer {} of {} from {}: TSIG {}", type, zone.origin(), peer, Rcode.TSIGstring(bad.error()));
      return new Reply(badTsig(q, bad), null);
    }
    TransferAccess.Allowed ok = (TransferAccess.Allowed) v;
    if (question.getType() == Type.IXFR) {
      return ixfr(q, zone, ok, peer, tcp, maxSize);
    }
    count(type, "full");
    log.info("zone transfer AXFR of {} serial {} to {}{}", zone.origin(), zone.serial(), peer, signedBy(ok));
    return new Reply(null, stream(q, full(zone), ok));
  }

  private Reply ixfr(Message q, Zone zone, TransferAccess.Allowed ok, InetAddress peer, boolean tcp, int maxSize) {
    SOARecord client = null;
    for (Record r : q.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord s) {
        client = s;
      }
    }
    if (client == null) {
      // RFC 1995 §3: the query carries the client's SOA in the authority section
      count("IXFR", "formerr");
      return new Reply(error(q, Rcode.FORMERR), null);
    }
    long from = client.getSerial();
    if (!Serials.greater(zone.serial(), from)) {
      count("IXFR", "current");
      return new Reply(signed(answer(q, List.of(zone.soa())), ok), null);
    }
    List<ZoneJournal.Delta> deltas = journal.changesSince(zone, from);
    if (deltas == null) {
      if (!tcp) {
        count("IXFR", "tcp-needed");
        return new Reply(signed(answer(q, List.of(zone.soa())), ok), null);
      }
      count("IXFR", "full");
      log.info("zone transfer IXFR of {} from serial {} (unknown here: whole zone) to serial {} to {}{}",
          zone.origin(), from, zone.serial(), peer, signedBy(ok));
      return new Reply(null, stream(q, full(zone), ok));
    }
    List<Record> records = new ArrayList<>();
    records.add(zone.soa());
    for (ZoneJournal.Delta d : deltas) {
      records.add(d.from());
      records.addAll(d.diff().deleted());
      records.add(d.to());
      records.addAll(d.diff().added());
    }
    records.add(zone.soa());
    count("IXFR", "incremental");
    log.info("zone transfer IXFR of {} from serial {} to {} ({} records) to {}{}", zone.origin(), from,
        zone.serial(), records.size(), peer, signedBy(ok));
    if (tcp) {
      return new Reply(null, stream(q, records.iterator(), ok));
    }
    Message m = answer(q, records);
    int room = maxSize - (ok.key() == null ? 0 : ok.key().recordLength());
    if (m.toWire().length > room) {
      // RFC 1995 §2: does not fit in one datagram: the SOA alone tells the client to come back over TCP
      return new Reply(signed(answer(q, List.of(zone.soa())), ok), null);
    }
    return new Reply(signed(m, ok), null);
  }

  private static Iterator<Record> full(Zone zone) {
    Iterator<Record> body = ZoneRecords.all(zone);
    SOARecord soa = zone.soa();
    return new Iterator<>() {
      private int state;

      @Override
      public boolean hasNext() {
        return state < 2;
      }

      @Override
      public Record next() {
        if (state == 0) {
          state = 1;
          return soa;
        }
        if (state == 1 && body.hasNext()) {
          return body.next();
        }
        if (state == 1) {
          state = 2;
          return soa;
        }
        throw new java.util.NoSuchElementException();
      }
    };
  }

  private static XfrStream stream(Message q, Iterator<Record> records, TransferAccess.Allowed ok) {
    return new XfrStream(q, records, ok.key() == null ? null : new TSIG.StreamGenerator(ok.key(), ok.requestTsig()));
  }

  private static Message answer(Message q, List<Record> records) {
    Message m = response(q);
    m.getHeader().setFlag(Flags.AA);
    for (Record r : records) {
      m.addRecord(r, Section.ANSWER);
    }
    return m;
  }

  private static byte[] signed(Message m, TransferAccess.Allowed ok) {
    if (ok.key() != null) {
      m.setTSIG(ok.key(), Rcode.NOERROR, ok.requestTsig());
      return m.toWire(65535);
    }
    return m.toWire();
  }

  private static Message response(Message q) {
    Message m = new Message(q.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    if (q.getHeader().getFlag(Flags.RD)) {
      m.getHeader().setFlag(Flags.RD);
    }
    m.getHeader().setOpcode(q.getHeader().getOpcode());
    if (q.getQuestion() != null) {
      m.addRecord(q.getQuestion(), Section.QUESTION);
    }
    return m;
  }

  private static byte[] error(Message q, int rcode) {
    Message m = response(q);
    m.getHeader().setRcode(rcode);
    return m.toWire();
  }

  /** RFC 8945 §5.3.2: BADSIG and BADKEY unsigned with an empty MAC; BADTIME signed, with the server's time. */
  private static byte[] badTsig(Message q, TransferAccess.BadTsig bad) {
    Message m = response(q);
    m.getHeader().setRcode(Rcode.NOTAUTH);
    TSIGRecord t = bad.requestTsig();
    if (bad.key() != null) {
      m.setTSIG(bad.key(), bad.error(), t);
      return m.toWire(65535);
    }
    m.addRecord(new TSIGRecord(t.getName(), DClass.ANY, 0, t.getAlgorithm(), t.getTimeSigned(), t.getFudge(),
        new byte[0], q.getHeader().getID(), bad.error(), null), Section.ADDITIONAL);
    return m.toWire();
  }

  private static byte[] headerOnly(byte[] query, int rcode) {
    byte[] out = new byte[12];
    if (query.length >= 4) {
      System.arraycopy(query, 0, out, 0, 4);
    }
    out[2] = (byte) ((out[2] | 0x80) & 0xF9);
    out[3] = (byte) rcode;
    return out;
  }

  private static String signedBy(TransferAccess.Allowed ok) {
    return ok.requestTsig() == null ? "" : " (TSIG " + ok.requestTsig().getName() + ")";
  }

  private void count(String type, String result) {
    Counter.builder("aya.xfr.requests").description("zone transfer requests by type and result")
        .tag("type", type).tag("result", result).register(meters).increment();
  }
}
