package io.aya.gslb.zone;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Parses one zone file into a {@link Zone}: RFC 1035 §5 master-file records (parsed by dnsjava, with
 * {@code $ORIGIN}, {@code $TTL}, {@code $INCLUDE} and {@code $GENERATE}) plus the GSLB constructs
 * {@code $REGION}, {@code $CHECK}, {@code $POLICY}, {@code $LOAD} and {@code GSLB} records, as documented in
 * {@code docs/zone-syntax.md}.
 *
 * <p>The origin is the file name without {@code .zone} unless the file sets {@code $ORIGIN} before its
 * first record. A file with any problem is rejected as a whole with a {@link ZoneParseException} listing
 * every problem found as {@code file:line: message}, where {@code file} is the path as given (included files
 * resolved against the including file's directory).
 *
 * <p>Stateless and thread-safe: each call works on its own data.
 */
public final class ZoneFileParser {
  /**
   * A parsed zone, a digest of every byte it was read from (the file and its includes) and the line that
   * set its origin.
   */
  record Parsed(Zone zone, byte[] digest, int originLine, Where soa, List<String> warnings) {}

  private ZoneFileParser() {}

  /**
   * Parses {@code file}.
   *
   * @throws ZoneParseException when the file cannot be read or has any error; the zone is then rejected
   */
  public static Zone parse(Path file) throws ZoneParseException {
    return read(file).zone();
  }

  /**
   * Every problem in {@code file} as {@code file:line: message}, in file order; empty when the file would
   * load.
   */
  public static List<String> check(Path file) {
    try {
      read(file);
      return List.of();
    } catch (ZoneParseException e) {
      return e.messages();
    }
  }

  static Parsed read(Path file) throws ZoneParseException {
    Instant started = Instant.now();
    ZoneFileReader reader = new ZoneFileReader();
    ZoneAssembler assembler = new ZoneAssembler(reader);
    reader.read(file, assembler::staticRecord);
    Zone zone = null;
    if (reader.zoneOrigin != null) {
      zone = assembler.assemble(file, file.toString(), started);
    }
    if (!reader.errors.isEmpty() || zone == null) {
      throw new ZoneParseException(sorted(reader.errors, reader.files));
    }
    Where soa = assembler.soaWhere() != null ? assembler.soaWhere() : new Where(file.toString(), reader.originLine);
    List<String> warnings = new ArrayList<>();
    for (ZoneError w : sorted(reader.warnings, reader.files)) {
      warnings.add(w.toString());
    }
    return new Parsed(zone, reader.digest(), reader.originLine, soa, List.copyOf(warnings));
  }

  private static List<ZoneError> sorted(List<ZoneError> errors, List<String> files) {
    List<ZoneError> out = new ArrayList<>(errors);
    out.sort(Comparator.<ZoneError>comparingInt(e -> fileIndex(files, e.file())).thenComparingInt(ZoneError::line));
    return out;
  }

  private static int fileIndex(List<String> files, String file) {
    int i = files.indexOf(file);
    return i < 0 ? Integer.MAX_VALUE : i;
  }
}
