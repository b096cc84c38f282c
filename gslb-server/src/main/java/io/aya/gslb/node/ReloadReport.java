package io.aya.gslb.node;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.aya.gslb.zone.ReloadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /api/v1/zones/reload}: what the reload did, file by file; when a file failed, also the API's
 * error fields ({@code status} 422 and the sentence), which are absent otherwise.
 */
record ReloadReport(boolean ok, boolean changed, int zones, List<FileEntry> files,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer status,
    @JsonInclude(JsonInclude.Include.NON_NULL) String error) {

  /** @param status {@code loaded}, {@code unchanged}, {@code removed} or {@code failed} */
  record FileEntry(String file, String status, String origin, List<String> errors) {}

  static ReloadReport of(ReloadResult r) {
    List<FileEntry> files = new ArrayList<>();
    for (ReloadResult.FileOutcome f : r.files()) {
      files.add(new FileEntry(f.file().toString(), f.status().name().toLowerCase(Locale.ROOT),
          f.origin() == null ? null : f.origin().toString(), f.errors()));
    }
    boolean ok = r.ok();
    return new ReloadReport(ok, r.changed(), r.zones().zones().size(), files, ok ? null : 422,
        ok ? null : "zone files failed to load; their previous versions keep serving: " + String.join("; ", r.errors()));
  }
}
