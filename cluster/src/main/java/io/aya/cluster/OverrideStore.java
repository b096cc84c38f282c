package io.aya.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps operator overrides on local disk so that they survive a restart of every node: the whole set,
 * inactive entries (undrains) included, with their timestamps, as JSON in {@code <stateDir>/overrides.json}.
 *
 * <p>Each {@link #save} writes a temporary file in the same directory, forces it to disk and moves it over
 * the previous file atomically, so a crash leaves either the old or the new set, never a torn file.
 *
 * <p>File format: <pre>{"version":1,"overrides":[{"kind":"DRAIN","target":"eu-*","active":true,
 * "timestampMillis":1764052800000,"node":"ams1"}]}</pre>
 *
 * <p>Thread-safe: saves are serialized.
 */
public final class OverrideStore {
  static final String FILE_NAME = "overrides.json";
  static final int FORMAT_VERSION = 1;
  private static final Logger log = LoggerFactory.getLogger(OverrideStore.class);
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;
  private final Path file;

  /** Creates the state directory if missing. */
  public OverrideStore(Path stateDir) {
    this.dir = stateDir.toAbsolutePath();
    this.file = dir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("state dir " + dir + ": cannot create: " + IoMessages.reason(e), e);
    }
  }

  /** The file this store writes. */
  public Path file() {
    return file;
  }

  /**
   * Reads the persisted overrides; empty when there is no file yet. Duplicate keys keep the newest entry. An
   * empty or corrupt file is moved aside ({@link AtomicFiles#quarantine}) with a loud ERROR that names it, the
   * problem and what to do, and the node starts with the overrides the rest of the cluster still holds.
   *
   * @throws UncheckedIOException when the file cannot be read, or was written in another format version (left
   *     in place: a newer release wrote it)
   */
  public List<OperatorOverride> load() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read", e);
    }
    FileFormat parsed;
    try {
      parsed = bytes.length == 0 ? null : JSON.readValue(bytes, FileFormat.class);
    } catch (IOException | IllegalArgumentException e) {
      String problem = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      return quarantine("not valid JSON (" + firstLine(problem) + ")");
    }
    if (parsed == null) {
      return quarantine("empty");
    }
    if (parsed.version() != FORMAT_VERSION) {
      throw new UncheckedIOException(new IOException(file + ": version: " + parsed.version() + " (expected: "
          + FORMAT_VERSION + "; written by another AYA release: run that release, or move the file away to start"
          + " without the overrides it holds)"));
    }
    Map<String, OperatorOverride> newest = new LinkedHashMap<>();
    for (OperatorOverride o : parsed.overrides() == null ? List.<OperatorOverride>of() : parsed.overrides()) {
      if (o == null) {
        continue;
      }
      newest.merge(o.key(), o, (a, b) -> Versions.newer(b, a) ? b : a);
    }
    log.info("Loaded {} override(s) from {}", newest.size(), file);
    return List.copyOf(newest.values());
  }

  private List<OperatorOverride> quarantine(String problem) {
    Path moved;
    try {
      moved = AtomicFiles.quarantine(file);
    } catch (IOException e) {
      throw new UncheckedIOException(new IOException(file + ": " + problem + ", and it cannot be moved aside ("
          + e.getMessage() + "); remove it to start without the overrides it held", e));
    }
    log.error("STATE FILE {} IS {}: moved it to {} and starting WITHOUT the drains and forced states it held."
        + " Overrides that other cluster members still hold come back when this node joins; check"
        + " GET /api/v1/regions and re-apply any that are missing (POST /api/v1/regions/{region}/drain).",
        file, problem, moved);
    return List.of();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /**
   * Replaces the persisted set with {@code overrides}, atomically.
   *
   * @throws NotPersistedException naming the file and the cause when it cannot be written
   */
  public synchronized void save(Collection<OperatorOverride> overrides) {
    List<OperatorOverride> sorted = new ArrayList<>(overrides);
    sorted.sort(Comparator.comparing(OperatorOverride::key));
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(new FileFormat(FORMAT_VERSION, sorted));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("overrides: cannot encode as JSON", e);
    }
    try {
      AtomicFiles.write(file, bytes);
    } catch (IOException e) {
      throw new NotPersistedException(file, e);
    }
  }

  /** The JSON document; {@code version} lets a later release change the format knowingly. */
  record FileFormat(int version, List<OperatorOverride> overrides) {}
}
