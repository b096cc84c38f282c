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
   * Reads the persisted overrides; empty when there is no file yet. Duplicate keys keep the newest entry.
   *
   * @throws UncheckedIOException when the file cannot be read or is not a valid overrides file (the node
   *     must not start silently without its drains; fix or remove the file)
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
      parsed = JSON.readValue(bytes, FileFormat.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new UncheckedIOException(new IOException(file + ": not a valid overrides file ("
          + e.getMessage() + "); fix or remove it", e));
    }
    if (parsed.version() != FORMAT_VERSION) {
      throw new UncheckedIOException(new IOException(
          file + ": version: " + parsed.version() + " (expected: " + FORMAT_VERSION + ")"));
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
