package io.aya.gslb.zone;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aya.cluster.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The serial each {@code $SERIAL auto} zone was last served under, and the digest of the files it was read from,
 * kept in a state file ({@code <state-dir>/zone-serials.json}) so that a restart never serves a serial that is not
 * greater than one served before for other content: a secondary that holds the higher serial would otherwise keep
 * its stale copy until the serial caught up (RFC 1982, RFC 1996). After a restart an unchanged zone (same digest)
 * keeps its serial; a changed one gets a greater serial than the remembered one ({@link SerialGuard}).
 *
 * <p>An unreadable file is moved aside ({@code .corrupt-<time>}) with a warning, and the node starts as if it had
 * none (the file's serial and the date decide, as before this memory existed). A failed write is logged; serving
 * goes on. Thread-safe.
 */
public final class SerialMemory {
  /** No memory: every start begins from the file and the date. */
  public static final SerialMemory NONE = new SerialMemory(null, new TreeMap<>());

  private static final Logger log = LoggerFactory.getLogger(SerialMemory.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Path file;
  /** By origin (absolute, lower case); guarded by {@code this}. */
  private final Map<String, Remembered> served;

  /** A zone's last serial and the digest of the files it was read from. */
  record Remembered(long serial, byte[] digest) {}

  private SerialMemory(Path file, Map<String, Remembered> served) {
    this.file = file;
    this.served = served;
  }

  /** The memory kept in {@code file}, read now (a missing file is an empty memory). */
  public static SerialMemory open(Path file) {
    Objects.requireNonNull(file, "file");
    Map<String, Remembered> served = new TreeMap<>();
    try {
      FileFormat f = JSON.readValue(Files.readAllBytes(file), FileFormat.class);
      if (f == null || f.zones == null) {
        throw new IOException("no \"zones\" object");
      }
      for (Map.Entry<String, Entry> e : f.zones.entrySet()) {
        Entry v = e.getValue();
        if (v == null || v.serial < 0 || v.serial > 0xFFFF_FFFFL || v.digest == null) {
          throw new IOException("zone " + e.getKey() + ": a serial of 0..4294967295 and a digest are required");
        }
        Name origin = Name.fromString(e.getKey(), Name.root);
        served.put(key(origin), new Remembered(v.serial, HexFormat.of().parseHex(v.digest)));
      }
    } catch (NoSuchFileException e) {
      return new SerialMemory(file, served);
    } catch (IOException | RuntimeException e) {
      String where;
      try {
        where = "moved it to " + AtomicFiles.quarantine(file);
      } catch (IOException moveFailed) {
        where = "cannot move it aside (" + moveFailed.getMessage() + ")";
      }
      log.error("State file {} is not readable ({}): {}; $SERIAL auto zones start from their file's serial and"
          + " today's date, so raise a file's serial past the last one served if its content changed today", file,
          e.toString(), where);
      return new SerialMemory(file, new TreeMap<>());
    }
    return new SerialMemory(file, served);
  }

  /** What {@code origin} was last served under, or null when nothing is remembered. */
  synchronized Remembered lastServed(Name origin) {
    return served.get(key(origin));
  }

  /** Remembers that {@code origin} is served under {@code serial}, read from files of {@code digest}. */
  synchronized void remember(Name origin, long serial, byte[] digest) {
    Remembered before = served.get(key(origin));
    if (file == null || (before != null && before.serial() == serial
        && Arrays.equals(before.digest(), digest))) {
      return;
    }
    served.put(key(origin), new Remembered(serial, digest.clone()));
    FileFormat f = new FileFormat();
    f.version = 1;
    f.zones = new TreeMap<>();
    for (Map.Entry<String, Remembered> e : served.entrySet()) {
      Entry v = new Entry();
      v.serial = e.getValue().serial();
      v.digest = HexFormat.of().formatHex(e.getValue().digest());
      f.zones.put(e.getKey(), v);
    }
    try {
      AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(f));
    } catch (IOException e) {
      log.warn("cannot write {} ({}): after a restart zone {} may be served under a serial not above {}", file,
          e.toString(), origin, serial);
    }
  }

  private static String key(Name origin) {
    return origin.toString().toLowerCase(java.util.Locale.ROOT);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class FileFormat {
    public int version;
    public Map<String, Entry> zones;
  }

  static final class Entry {
    public long serial = -1;
    public String digest;
  }
}
