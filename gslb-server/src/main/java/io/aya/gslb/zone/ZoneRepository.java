package io.aya.gslb.zone;

import io.aya.gslb.zone.ReloadResult.FileOutcome;
import io.aya.gslb.zone.ReloadResult.Status;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Serves the zones of every {@code *.zone} file in one directory (not its subdirectories; names starting
 * with '.' are skipped), one file per zone, as an immutable {@link ZoneSet}.
 *
 * <p>{@link #current()} is one volatile read and never blocks: call it once per query. It returns
 * {@link ZoneSet#EMPTY} until the first {@link #reload()}. {@code reload()} re-parses every file and
 * publishes a new set when anything changed: a file that fails keeps its previous version serving, new
 * files are added, deleted files removed, and a zone origin already served by one file is an error for any
 * other file that defines it (the file that served it before keeps it; among new claimants the first by
 * file name wins). Listeners are called after a new set is published, on the reloading thread. A new version
 * whose content changed under an unchanged SOA serial is refused ({@link SerialGuard}); under {@code $SERIAL
 * auto} its serial is assigned here.
 *
 * <p>Thread-safe: reloads are serialized; {@code current()} and {@code addListener} may be called from any
 * thread at any time.
 */
public final class ZoneRepository implements ZoneSetSource {
  private static final Logger log = LoggerFactory.getLogger(ZoneRepository.class);

  private final Path directory;
  private final SerialGuard serials;
  private final HeapBudget heap;
  private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
  private volatile ZonePreparer preparer = ZonePreparer.NONE;
  private final List<Consumer<ZoneSet>> listeners = new CopyOnWriteArrayList<>();
  private volatile ZoneSet current = ZoneSet.EMPTY;
  /** The version of each file being served; guarded by {@code this}. */
  private Map<Path, Served> served = Map.of();

  private record Served(Zone zone, byte[] digest) {}

  /** A repository over {@code directory}; nothing is read until {@link #reload()}. */
  public ZoneRepository(Path directory) {
    this(directory, Clock.systemUTC());
  }

  /** As {@link #ZoneRepository(Path)}, with the clock {@code $SERIAL auto} dates serials by. */
  public ZoneRepository(Path directory, Clock clock) {
    this(directory, clock, HeapBudget.JVM);
  }

  /** As {@link #ZoneRepository(Path, Clock)}, with the heap a file must fit in before it is parsed. */
  public ZoneRepository(Path directory, Clock clock, HeapBudget heap) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.serials = new SerialGuard(clock);
    this.heap = Objects.requireNonNull(heap, "heap");
  }

  /** Zone files refused so far because loading them would not fit in the heap. */
  public long refusedForMemory() {
    return refused.get();
  }

  /**
   * Where the serials of {@code $SERIAL auto} zones are remembered across restarts ({@link SerialMemory}); set
   * before the first reload. Without one a restart starts from each file's serial and the date.
   */
  public void serialMemory(SerialMemory m) {
    serials.memory(m);
  }

  /** What every zone goes through before it is published (DNSSEC signing); set before the first reload. */
  public void preparer(ZonePreparer p) {
    this.preparer = Objects.requireNonNull(p, "preparer");
  }

  public Path directory() {
    return directory;
  }

  @Override
  public ZoneSet current() {
    return current;
  }

  /** Calls {@code listener} with each newly published set (not with the current one). */
  public void addListener(Consumer<ZoneSet> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeListener(Consumer<ZoneSet> listener) {
    listeners.remove(listener);
  }

  /**
   * Re-reads every zone file and publishes the result if anything changed. When the directory cannot be
   * listed, nothing changes and the result has one FAILED outcome for the directory.
   */
  public synchronized ReloadResult reload() {
    List<Path> files;
    try {
      files = list(directory);
    } catch (IOException e) {
      String msg = directory + ": cannot list the zone directory (" + ZoneFileReader.ioReason(e) + ")";
      log.warn("zone reload failed: {}", msg);
      return new ReloadResult(List.of(new FileOutcome(directory, Status.FAILED, null, List.of(msg))), current, false);
    }
    Map<Path, Served> next = new LinkedHashMap<>();
    Map<Path, FileOutcome> outcomes = new TreeMap<>();
    Map<Path, Served> candidates = new LinkedHashMap<>();
    Map<Path, Integer> originLines = new HashMap<>();
    for (Path f : files) {
      Served prev = served.get(f);
      if (prev != null && Arrays.equals(prev.digest(), ownDigest(f))) {
        // the same bytes as the version served (a file without includes): not parsed again
        candidates.put(f, prepared(prev));
        outcomes.put(f, new FileOutcome(f, Status.UNCHANGED, null, List.of()));
        continue;
      }
      String tooBig = tooBig(f);
      if (tooBig != null) {
        if (prev != null) {
          candidates.put(f, prev);
        }
        outcomes.put(f, new FileOutcome(f, Status.FAILED, null, List.of(tooBig)));
        continue;
      }
      try {
        long startedNanos = System.nanoTime();
        ZoneFileParser.Parsed p = ZoneFileParser.read(f);
        long parsedMillis = (System.nanoTime() - startedNanos) / 1_000_000;
        originLines.put(f, p.originLine());
        if (prev != null && Arrays.equals(prev.digest(), p.digest())) {
          candidates.put(f, prepared(prev));
          outcomes.put(f, new FileOutcome(f, Status.UNCHANGED, null, List.of()));
        } else {
          for (String w : p.warnings()) {
            log.warn("zone file {}", w);
          }
          Zone before = prev != null && prev.zone().origin().equals(p.zone().origin()) ? prev.zone() : null;
          Zone admitted = serials.admit(before, p.zone(), p.soa(), p.digest());
          candidates.put(f, new Served(preparer.prepare(admitted), p.digest()));
          log.info("zone {} read from {}: {} names in {} ms", admitted.origin(), f, admitted.nodes().size(),
              parsedMillis);
          outcomes.put(f, new FileOutcome(f, Status.LOADED, null, List.of()));
        }
      } catch (ZoneParseException e) {
        if (prev != null) {
          candidates.put(f, prev);
        }
        outcomes.put(f, new FileOutcome(f, Status.FAILED, null, e.messages()));
      }
    }
    // origins: a file that served an origin before keeps it; then new claimants by file name
    Map<Name, Path> owners = new HashMap<>();
    for (Map.Entry<Path, Served> c : candidates.entrySet()) {
      Served prev = served.get(c.getKey());
      Name origin = c.getValue().zone().origin();
      if (prev != null && prev.zone().origin().equals(origin)) {
        owners.put(origin, c.getKey());
      }
    }
    for (Map.Entry<Path, Served> c : candidates.entrySet()) {
      Path f = c.getKey();
      Name origin = c.getValue().zone().origin();
      Path owner = owners.putIfAbsent(origin, f);
      if (owner == null || owner.equals(f)) {
        next.put(f, c.getValue());
        continue;
      }
      String msg = new ZoneError(f.toString(), originLines.getOrDefault(f, 1),
          "zone " + origin + " is already defined by " + owner).toString();
      outcomes.put(f, new FileOutcome(f, Status.FAILED, null, List.of(msg)));
      Served prev = served.get(f);
      if (prev != null && owners.putIfAbsent(prev.zone().origin(), f) == null) {
        next.put(f, prev);
      }
    }
    for (Path gone : served.keySet()) {
      if (!outcomes.containsKey(gone)) {
        outcomes.put(gone, new FileOutcome(gone, Status.REMOVED, null, List.of()));
      }
    }
    return publish(next, result(outcomes, next));
  }

  /**
   * Runs every served zone through the {@link #preparer(ZonePreparer) preparer} again without reading any file
   * (DNSSEC: re-signing before signatures expire, key timing events) and publishes when any zone changed.
   */
  public synchronized ReloadResult republish() {
    Map<Path, Served> next = new LinkedHashMap<>();
    Map<Path, FileOutcome> outcomes = new TreeMap<>();
    for (Map.Entry<Path, Served> e : served.entrySet()) {
      next.put(e.getKey(), prepared(e.getValue()));
      outcomes.put(e.getKey(), new FileOutcome(e.getKey(), Status.UNCHANGED, null, List.of()));
    }
    return publish(next, result(outcomes, next));
  }

  /** {@code s} prepared again; when that fails, {@code s} keeps serving as it is. */
  private Served prepared(Served s) {
    try {
      Zone z = preparer.prepare(s.zone());
      return z == s.zone() ? s : new Served(z, s.digest());
    } catch (ZoneParseException e) {
      log.warn("zone {} kept as served: {}", s.zone().origin(), String.join("; ", e.messages()));
      return s;
    }
  }

  private static List<FileOutcome> result(Map<Path, FileOutcome> outcomes, Map<Path, Served> next) {
    List<FileOutcome> result = new ArrayList<>();
    for (FileOutcome o : outcomes.values()) {
      Served s = next.get(o.file());
      result.add(new FileOutcome(o.file(), o.status(), s == null ? null : s.zone().origin(), o.errors()));
      if (o.status() == Status.FAILED) {
        log.warn("zone file {} rejected{}: {}", o.file(), s == null ? "" : " (previous version keeps serving)",
            String.join("; ", o.errors()));
      }
    }
    return result;
  }

  private ReloadResult publish(Map<Path, Served> next, List<FileOutcome> result) {
    boolean changed = !sameVersions(served, next);
    served = next;
    if (changed) {
      List<Zone> zones = new ArrayList<>(next.size());
      for (Served s : next.values()) {
        zones.add(s.zone());
      }
      ZoneSet set = ZoneSet.of(zones);
      warnAboutRegionMismatches(set);
      current = set;
      log.info("zones published: {} zone(s), {} loaded, {} removed, {} failed", zones.size(),
          count(result, Status.LOADED), count(result, Status.REMOVED), count(result, Status.FAILED));
      for (Consumer<ZoneSet> l : listeners) {
        try {
          l.accept(set);
        } catch (RuntimeException e) {
          log.error("zone set listener {} failed", l, e);
        }
      }
    }
    return new ReloadResult(result, current, changed);
  }

  /**
   * The digest {@link ZoneFileParser} gives a file without includes, streamed (no copy of the file in memory); for a
   * file with includes it never equals the parser's, which covers the included files too. Null when unreadable.
   */
  private static byte[] ownDigest(Path file) {
    try (java.io.InputStream in = Files.newInputStream(file)) {
      java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
      d.update(file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      d.update((byte) 0);
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        d.update(buffer, 0, n);
      }
      return d.digest();
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      return null;
    }
  }

  /** Why {@code file} is not even parsed (it would not fit in the heap), or null when it may be. */
  private String tooBig(Path file) {
    long needed = HeapBudget.estimate(file);
    long available = heap.available(needed);
    if (needed <= available) {
      return null;
    }
    refused.incrementAndGet();
    long mib = 1 << 20;
    return file + ":1: not loaded: parsing it needs about " + needed / mib + " MiB of heap ("
        + HeapBudget.BYTES_PER_FILE_BYTE + " x its " + Math.max(1, needed / HeapBudget.BYTES_PER_FILE_BYTE / mib)
        + " MiB), more than the " + Math.max(0, available / mib) + " MiB left in " + heap
        + "; raise the heap (AYA_HEAP, docs/operations.md \"Memory\") and reload";
  }

  private static boolean sameVersions(Map<Path, Served> a, Map<Path, Served> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (Map.Entry<Path, Served> e : b.entrySet()) {
      if (a.get(e.getKey()) != e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static long count(List<FileOutcome> outcomes, Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }

  /** Region names are global (one datacenter); two zones that describe one differently are suspicious. */
  private static void warnAboutRegionMismatches(ZoneSet set) {
    Map<String, Region> seen = new HashMap<>();
    for (Zone z : set.zones()) {
      for (Region r : z.regions().values()) {
        Region other = seen.putIfAbsent(r.name(), r);
        if (other != null && !other.equals(r)) {
          log.warn("region {} is declared differently in zone {}: {} versus {}", r.name(), z.origin(), r, other);
        }
      }
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.zone")) {
      for (Path p : ds) {
        if (!p.getFileName().toString().startsWith(".") && Files.isRegularFile(p)) {
          out.add(p);
        }
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * Checks zone files without serving them ({@code aya check-zone FILE|DIR...}): every problem of every file
   * as {@code file:line: message}, in argument order, plus an error for each file whose origin an earlier
   * one already defines. A directory stands for its {@code *.zone} files, as {@link #reload()} reads them.
   * Empty when all would load together.
   */
  public static List<String> check(List<Path> files) {
    return checkWithWarnings(files).problems();
  }

  /**
   * What {@code aya check-zone} prints: the problems of {@link #check}, and warnings
   * ({@code file:line: warning: ...}) about files that load but probably do not say what their author meant.
   */
  public record CheckReport(List<String> problems, List<String> warnings) {
    public CheckReport {
      problems = List.copyOf(problems);
      warnings = List.copyOf(warnings);
    }
  }

  /** As {@link #check}, with the warnings of the files that load. */
  public static CheckReport checkWithWarnings(List<Path> files) {
    List<String> out = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<Name, Path> owners = new HashMap<>();
    for (Path arg : files) {
      List<Path> expanded = List.of(arg);
      if (Files.isDirectory(arg)) {
        try {
          expanded = list(arg);
        } catch (IOException e) {
          out.add(arg + ": cannot list the zone directory (" + ZoneFileReader.ioReason(e) + ")");
          continue;
        }
      }
      for (Path f : expanded) {
        try {
          ZoneFileParser.Parsed p = ZoneFileParser.read(f);
          warnings.addAll(p.warnings());
          Path owner = owners.putIfAbsent(p.zone().origin(), f);
          if (owner != null) {
            out.add(new ZoneError(f.toString(), p.originLine(),
                "zone " + p.zone().origin() + " is already defined by " + owner).toString());
          }
        } catch (ZoneParseException e) {
          out.addAll(e.messages());
        }
      }
    }
    return new CheckReport(out, warnings);
  }
}
