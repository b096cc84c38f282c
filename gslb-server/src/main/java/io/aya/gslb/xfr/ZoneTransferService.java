package io.aya.gslb.xfr;

import io.aya.gslb.dns.ZoneTransfers;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneRepository;
import io.aya.gslb.zone.ZoneSet;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * A node's side of zone transfer: the TSIG key file, the IXFR journal and NOTIFY, following the zone
 * repository's publications, and the {@link ZoneTransfers} the DNS server answers AXFR and IXFR with.
 * Thread-safe; {@link #close()} stops NOTIFY retries.
 */
public final class ZoneTransferService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ZoneTransferService.class);

  private final Path keyFile;
  private final ZoneJournal journal = new ZoneJournal();
  private final NotifySender notify;
  private final TransferResponder responder;
  private volatile TsigKeyring keys;

  private ZoneTransferService(ZoneRepository zones, Path keyFile, TsigKeyring keys, MeterRegistry meters) {
    this.keyFile = keyFile;
    this.keys = keys;
    this.notify = new NotifySender(this::keys);
    this.responder = new TransferResponder(zones, journal, this::keys, meters);
    ZoneSet now = zones.current();
    journal.accept(now);
    notify.accept(now);
    warnAboutMissingKeys(now);
    zones.addListener(journal);
    zones.addListener(notify);
    zones.addListener(this::warnAboutMissingKeys);
  }

  /**
   * Reads {@code keyFile} (missing: no keys) and follows {@code zones} from now on.
   *
   * @throws IllegalArgumentException naming {@code file:line} when the key file is malformed
   * @throws IOException when it cannot be read
   */
  public static ZoneTransferService start(ZoneRepository zones, Path keyFile, MeterRegistry meters)
      throws IOException {
    Objects.requireNonNull(zones, "zones");
    TsigKeyring keys = TsigKeyring.read(keyFile);
    log.info("TSIG key file {}: {} key(s)", keyFile, keys.size());
    return new ZoneTransferService(zones, keyFile, keys, Objects.requireNonNull(meters, "meters"));
  }

  public ZoneTransfers transfers() {
    return responder;
  }

  TsigKeyring keys() {
    return keys;
  }

  /** Re-reads the key file (with every zone reload); a broken file keeps the keys in force. */
  public void reloadKeys() {
    try {
      TsigKeyring k = TsigKeyring.read(keyFile);
      if (k.size() != keys.size()) {
        log.info("TSIG key file {}: {} key(s)", keyFile, k.size());
      }
      keys = k;
    } catch (IOException | IllegalArgumentException e) {
      log.warn("TSIG key file not reloaded, keeping the {} key(s) in force: {}", keys.size(), e.getMessage());
    }
  }

  private void warnAboutMissingKeys(ZoneSet set) {
    TsigKeyring k = keys;
    for (Zone z : set.zones()) {
      for (Name n : z.transfer().keyNames()) {
        if (!k.contains(n)) {
          log.warn("zone {} names TSIG key {}, which the key file {} does not define (requests signed with it "
              + "get BADKEY)", z.origin(), n, keyFile);
        }
      }
    }
  }

  @Override
  public void close() {
    notify.close();
  }
}
