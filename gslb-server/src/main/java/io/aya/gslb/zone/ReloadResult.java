package io.aya.gslb.zone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * What one {@link ZoneRepository#reload()} did, file by file. Immutable.
 *
 * @param files one outcome per zone file seen now or served before, by file name
 * @param zones the set served after the reload (the previous one when nothing changed)
 * @param changed a new set was published (and listeners were called)
 */
public record ReloadResult(List<FileOutcome> files, ZoneSet zones, boolean changed) {
  public ReloadResult {
    files = List.copyOf(files);
    Objects.requireNonNull(zones, "zones");
  }

  /** What happened to one file. */
  public enum Status {
    /** New or changed, parsed and now served. */
    LOADED,
    /** Same bytes as the version already served (itself and its includes); the served zone is kept as is. */
    UNCHANGED,
    /** Rejected; the previously served version, if any, keeps serving (see {@link FileOutcome#origin()}). */
    FAILED,
    /** The file is gone; its zone is no longer served. */
    REMOVED
  }

  /**
   * @param origin the zone this file serves after the reload (for FAILED, the previous version still served),
   *     or null when it serves none
   * @param errors the problems as {@code file:line: message}; empty unless FAILED
   */
  public record FileOutcome(Path file, Status status, Name origin, List<String> errors) {
    public FileOutcome {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(status, "status");
      errors = List.copyOf(errors);
    }
  }

  /** True when no file failed. */
  public boolean ok() {
    for (FileOutcome f : files) {
      if (f.status() == Status.FAILED) {
        return false;
      }
    }
    return true;
  }

  /** Every problem of every failed file, as {@code file:line: message}. */
  public List<String> errors() {
    List<String> out = new ArrayList<>();
    for (FileOutcome f : files) {
      out.addAll(f.errors());
    }
    return out;
  }

  /** The outcomes with this status. */
  public List<FileOutcome> withStatus(Status status) {
    List<FileOutcome> out = new ArrayList<>();
    for (FileOutcome f : files) {
      if (f.status() == status) {
        out.add(f);
      }
    }
    return out;
  }
}
