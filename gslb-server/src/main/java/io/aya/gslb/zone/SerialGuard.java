package io.aya.gslb.zone;

import java.time.Clock;
import java.util.Objects;

/**
 * Decides the serial a newly read version of a zone is served under, so that one serial never stands for two
 * contents (RFC 1982 arithmetic, RFC 1996 §2): with the file's serial, a version whose transferable content
 * changed must carry a greater serial than the one served, else it is refused with {@code file:line: serial not
 * increased}; with {@code $SERIAL auto} the serial is kept while the content is the same and otherwise bumped
 * to the greater of the served serial + 1 and today's {@code YYYYMMDD00}. Thread-safe.
 */
final class SerialGuard {
  private final Clock clock;

  SerialGuard(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param served the version served now (same origin), or null for a zone new to this node
   * @param loaded the version just read
   * @param soa where the SOA record of {@code loaded} was written
   * @return {@code loaded}, possibly under another serial
   * @throws ZoneParseException when the content changed and the file's serial did not increase
   */
  Zone admit(Zone served, Zone loaded, Where soa) throws ZoneParseException {
    if (loaded.transfer().autoSerial()) {
      if (served == null) {
        return loaded.withSerial(Serials.next(-1, loaded.serial(), clock));
      }
      if (ZoneDiff.sameContent(served, loaded)) {
        return loaded.withSerial(served.serial());
      }
      return loaded.withSerial(Serials.next(served.serial(), loaded.serial(), clock));
    }
    if (served != null && !Serials.greater(loaded.serial(), served.serial()) && !ZoneDiff.sameContent(served, loaded)) {
      throw new ZoneParseException(soa.error("serial not increased: the zone changed but its SOA serial "
          + loaded.serial() + " is not greater than the served " + served.serial()
          + " (RFC 1982); raise it, or let AYA do it with $SERIAL auto"));
    }
    return loaded;
  }
}
