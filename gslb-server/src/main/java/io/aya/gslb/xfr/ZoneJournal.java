package io.aya.gslb.xfr;

import io.aya.gslb.zone.Serials;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneDiff;
import io.aya.gslb.zone.ZoneSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * The recent history of each zone as differences between the versions this node published, for IXFR (RFC
 * 1995). Bounded: at most {@link #MAX_VERSIONS} differences per zone and {@link #MAX_RECORDS} records over
 * all of a zone's differences (the oldest go first). Only the changed records are kept, never old zones.
 *
 * <p>Fed by {@link #accept(ZoneSet)} on the publishing thread; {@link #changesSince} may be called from any
 * thread (one volatile read of an immutable map).
 */
public final class ZoneJournal implements Consumer<ZoneSet> {
  static final int MAX_VERSIONS = 32;
  static final int MAX_RECORDS = 1_000_000;
  private static final Logger log = LoggerFactory.getLogger(ZoneJournal.class);

  /** The change from the version under {@code from} to the one under {@code to}. */
  public record Delta(SOARecord from, SOARecord to, ZoneDiff diff) {}

  private record History(Zone latest, List<Delta> deltas) {}

  private volatile Map<Name, History> histories = Map.of();

  /** Records the differences between the zones of {@code set} and the versions seen before. */
  @Override
  public synchronized void accept(ZoneSet set) {
    Map<Name, History> next = new HashMap<>();
    for (Zone z : set.zones()) {
      History h = histories.get(z.origin());
      if (h == null) {
        next.put(z.origin(), new History(z, List.of()));
      } else if (h.latest() == z || h.latest().serial() == z.serial()) {
        // same version (a reload only guarantees the content for an equal serial): nothing to record
        next.put(z.origin(), new History(z, h.deltas()));
      } else if (!Serials.greater(z.serial(), h.latest().serial())) {
        // the serial went back (a file rewritten by hand, or a restart under $SERIAL auto): history is void
        next.put(z.origin(), new History(z, List.of()));
      } else {
        long started = System.nanoTime();
        ZoneDiff diff = ZoneDiff.between(h.latest(), z);
        List<Delta> deltas = new ArrayList<>(h.deltas());
        deltas.add(new Delta(h.latest().soa(), z.soa(), diff));
        int records = 0;
        for (Delta d : deltas) {
          records += d.diff().size();
        }
        while (!deltas.isEmpty() && (deltas.size() > MAX_VERSIONS || records > MAX_RECORDS)) {
          records -= deltas.remove(0).diff().size();
        }
        next.put(z.origin(), new History(z, List.copyOf(deltas)));
        log.debug("zone {}: serial {} -> {}, {} deleted and {} added records ({} ms)", z.origin(),
            h.latest().serial(), z.serial(), diff.deleted().size(), diff.added().size(),
            (System.nanoTime() - started) / 1_000_000);
      }
    }
    histories = Map.copyOf(next);
  }

  /**
   * The deltas that lead from serial {@code from} to exactly {@code current}, oldest first; empty when
   * {@code from} is the current serial; null when this node cannot tell (unknown serial, history trimmed, or
   * {@code current} not the version the journal has seen last), in which case IXFR falls back to AXFR.
   */
  public List<Delta> changesSince(Zone current, long from) {
    History h = histories.get(current.origin());
    if (h == null || h.latest().serial() != current.serial()) {
      return null;
    }
    if (from == current.serial()) {
      return List.of();
    }
    List<Delta> deltas = h.deltas();
    for (int i = 0; i < deltas.size(); i++) {
      if (deltas.get(i).from().getSerial() == from) {
        return deltas.subList(i, deltas.size());
      }
    }
    return null;
  }
}
