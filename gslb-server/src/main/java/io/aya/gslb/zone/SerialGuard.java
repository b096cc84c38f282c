package io.aya.gslb.zone;

import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decides the serial a newly read version of a zone is served under, so that one serial never stands for two
 * contents (RFC 1982 arithmetic, RFC 1996 §2): with the file's serial, a version whose transferable content
 * changed must carry a greater serial than the one served, else it is refused with {@code file:line: serial not
 * increased}; with {@code $SERIAL auto} the serial is kept while the content is the same and otherwise bumped
 * to the greater of the served serial + 1 and today's {@code YYYYMMDD00}. The serial served before a restart
 * comes from a {@link SerialMemory}: unchanged files keep it, changed ones get a greater one. Thread-safe.
 */
final class SerialGuard {
  private final Clock clock;
  private volatile SerialMemory memory = SerialMemory.NONE;

  SerialGuard(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Where {@code $SERIAL auto} serials are remembered across restarts; set before the first version is read. */
  void memory(SerialMemory m) {
    this.memory = Objects.requireNonNull(m, "memory");
  }

  /**
   * @param served the version served now (same origin), or null for a zone new to this node
   * @param loaded the version just read
   * @param soa where the SOA record of {@code loaded} was written
   * @param digest the digest of the files {@code loaded} was read from
   * @return {@code loaded}, possibly under another serial
   * @throws ZoneParseException when the content changed and the file's serial did not increase
   */
  Zone admit(Zone served, Zone loaded, Where soa, byte[] digest) throws ZoneParseException {
    if (loaded.transfer().autoSerial()) {
      Zone admitted = loaded.withSerial(autoSerial(served, loaded, digest));
      memory.remember(admitted.origin(), admitted.serial(), digest);
      return admitted;
    }
    if (served != null && !Serials.greater(loaded.serial(), served.serial()) && !ZoneDiff.sameContent(served, loaded)) {
      throw new ZoneParseException(soa.error("serial not increased: the zone changed but its SOA serial "
          + loaded.serial() + " is not greater than the served " + served.serial()
          + " (RFC 1982); raise it, or let AYA do it with $SERIAL auto"));
    }
    return loaded;
  }

  private long autoSerial(Zone served, Zone loaded, byte[] digest) {
    if (served != null) {
      return ZoneDiff.sameContent(served, loaded)
          ? served.serial()
          : Serials.next(served.serial(), loaded.serial(), clock);
    }
    SerialMemory.Remembered before = memory.lastServed(loaded.origin());
    if (before == null) {
      return Serials.next(-1, loaded.serial(), clock);
    }
    if (Arrays.equals(before.digest(), digest)) {
      return before.serial(); // the files served before the restart: the same content under the same serial
    }
    // changed while the node was down (or read differently): above the remembered serial, whatever the date
    long next = Serials.next(before.serial(), loaded.serial(), clock);
    return Serials.greater(loaded.serial(), next) ? loaded.serial() : next;
  }
}
