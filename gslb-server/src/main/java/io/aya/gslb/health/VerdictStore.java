package io.aya.gslb.health;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.aya.cluster.AtomicFiles;
import io.aya.cluster.Observation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers on local disk which endpoints this node's checks last saw <em>down</em>, so that a restart does
 * not forget them: until a new result arrives, such an endpoint stays out of the answers even in
 * {@link ColdStart#ASSUME_UP} mode (an endpoint known to be down must never be answered merely because
 * state was lost at start). File: {@code <stateDir>/health-down.json},
 * <pre>{"version":1,"down":[{"endpoint":"example.com/web@192.0.2.10","node":"aya-1","timestampMillis":...,
 * "detail":"connection refused"}]}</pre>
 *
 * <p>The file only changes when an endpoint goes down or comes back (not on every check). Each save writes
 * through {@link AtomicFiles} (temporary file, fsync, rename), so a crash leaves the old or the new set. A missing file
 * is an empty set; an unreadable one is logged and treated as empty (the cold-start rule applies then).
 *
 * <p>Not thread-safe: the health monitor uses it from its single publishing thread.
 */
final class VerdictStore {
  static final String FILE_NAME = "health-down.json";
  private static final Logger log = LoggerFactory.getLogger(VerdictStore.class);
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private boolean failing;

  VerdictStore(Path stateDir) {
    Path dir = stateDir.toAbsolutePath();
    this.file = dir.resolve(FILE_NAME);
  }

  Path file() {
    return file;
  }

  /** The persisted down verdicts by endpoint key; empty when there is no (readable) file. */
  Map<String, Observation> load() {
    Map<String, Observation> out = new LinkedHashMap<>();
    try {
      FileFormat f = JSON.readValue(Files.readAllBytes(file), FileFormat.class);
      if (f.down != null) {
        for (Entry e : f.down) {
          if (e.endpoint != null && e.node != null) {
            out.put(e.endpoint, new Observation(e.endpoint, e.node, false, e.timestampMillis, e.detail));
          }
        }
      }
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException | RuntimeException e) {
      String where = file.toString();
      try {
        where = "moved it to " + io.aya.cluster.AtomicFiles.quarantine(file);
      } catch (IOException moveFailed) {
        where = "cannot move it aside (" + moveFailed.getMessage() + ")";
      }
      log.warn("State file {} is not readable ({}): {}; endpoints seen down before the restart are not known, so"
          + " they start by the cold-start rule and the next health checks decide", file, e.toString(), where);
      return new LinkedHashMap<>();
    }
    return out;
  }

  /** Replaces the persisted set with {@code down}; a failure is logged (once until it works again). */
  void save(Collection<Observation> down) {
    FileFormat f = new FileFormat();
    f.version = 1;
    f.down = new ArrayList<>(down.size());
    for (Observation o : down) {
      Entry e = new Entry();
      e.endpoint = o.endpoint();
      e.node = o.node();
      e.timestampMillis = o.timestampMillis();
      e.detail = o.detail();
      f.down.add(e);
    }
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(f));
      failing = false;
    } catch (IOException | RuntimeException e) {
      if (!failing) {
        log.warn("Cannot write {}: a restart will not know which endpoints were down", file, e);
      }
      failing = true;
    }
  }

  /** JSON shape of the file. */
  static final class FileFormat {
    public int version;
    public List<Entry> down;
  }

  /** One down verdict. */
  static final class Entry {
    public String endpoint;
    public String node;
    public long timestampMillis;
    public String detail;
  }
}
