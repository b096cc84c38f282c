package io.aya.gslb.xfr;

import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * Sends NOTIFY (RFC 1996) over UDP to a zone's {@code $NOTIFY} secondaries whenever a zone is published under
 * a serial other than the one published before (not on the first publication: secondaries poll at start-up
 * anyway). Each NOTIFY is re-sent until the secondary answers, waiting twice as long each time (2, 4, 8, 16,
 * 32, 64 s by default: 5 retries), then given up with a warning; a newer serial of the zone supersedes one still being
 * retried. Asynchronous (dnsjava's resolver I/O thread): {@link #accept} never waits for the network.
 * Thread-safe.
 */
public final class NotifySender implements Consumer<ZoneSet> {
  private static final Logger log = LoggerFactory.getLogger(NotifySender.class);

  private final Supplier<TsigKeyring> keys;
  private final Duration firstTimeout;
  private final int retries;
  /** Serial last published per zone: guarded by {@code this}. */
  private Map<Name, Long> published = Map.of();
  /** Serial being notified per zone, read by the retries to stop when superseded. */
  private final Map<Name, Long> notifying = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** Waits 2 s for an answer, then retries 5 times, doubling the wait each time. */
  public NotifySender(Supplier<TsigKeyring> keys) {
    this(keys, Duration.ofSeconds(2), 5);
  }

  public NotifySender(Supplier<TsigKeyring> keys, Duration firstTimeout, int retries) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.firstTimeout = Objects.requireNonNull(firstTimeout, "firstTimeout");
    this.retries = retries;
  }

  @Override
  public synchronized void accept(ZoneSet set) {
    Map<Name, Long> next = new HashMap<>();
    for (Zone z : set.zones()) {
      next.put(z.origin(), z.serial());
      Long before = published.get(z.origin());
      if (before != null && before != z.serial() && !z.transfer().notifyTargets().isEmpty()) {
        notifyAll(z);
      }
    }
    published = next;
  }

  /** Stops retrying; NOTIFYs already on the wire are left alone. */
  public void close() {
    closed = true;
  }

  private void notifyAll(Zone z) {
    notifying.put(z.origin(), z.serial());
    TSIG key = null;
    Name keyName = z.transfer().notifyKey();
    if (keyName != null) {
      TsigKeyring.Key k = keys.get().key(keyName);
      if (k == null) {
        log.warn("zone {}: NOTIFY key {} is not in the key file; sending NOTIFY unsigned", z.origin(), keyName);
      } else {
        key = k.tsig();
      }
    }
    for (InetSocketAddress target : z.transfer().notifyTargets()) {
      send(z, target, key, 0);
    }
  }

  private void send(Zone z, InetSocketAddress target, TSIG key, int attempt) {
    Long current = notifying.get(z.origin());
    if (closed || current == null || current != z.serial()) {
      return;
    }
    SimpleResolver r = new SimpleResolver(target);
    r.setTimeout(firstTimeout.multipliedBy(1L << Math.min(attempt, 16)));
    if (key != null) {
      r.setTSIGKey(key);
    }
    TSIG signedWith = key;
    r.sendAsync(message(z)).whenComplete((reply, error) -> {
      if (error == null) {
        if (reply.getRcode() != Rcode.NOERROR) {
          log.warn("zone {}: NOTIFY for serial {} to {} answered {}", z.origin(), z.serial(), target,
              Rcode.string(reply.getRcode()));
        } else {
          log.info("zone {}: NOTIFY for serial {} acknowledged by {}", z.origin(), z.serial(), target);
        }
      } else if (attempt < retries) {
        send(z, target, signedWith, attempt + 1);
      } else {
        log.warn("zone {}: NOTIFY for serial {} to {} not answered after {} attempts; the secondary will find "
            + "the change when it next polls (SOA refresh)", z.origin(), z.serial(), target, attempt + 1);
      }
    });
  }

  /** RFC 1996 §3.7: opcode NOTIFY, AA, the zone's SOA as the question and (a hint) in the answer section. */
  private static Message message(Zone z) {
    Message m = new Message();
    m.getHeader().setOpcode(Opcode.NOTIFY);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(Record.newRecord(z.origin(), Type.SOA, DClass.IN), Section.QUESTION);
    m.addRecord(z.soa(), Section.ANSWER);
    return m;
  }
}
