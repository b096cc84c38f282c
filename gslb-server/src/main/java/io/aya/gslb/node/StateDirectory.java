package io.aya.gslb.node;

import io.aya.cluster.IoMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The start-up check of the state directory: it exists (created if missing) and a file can be written and
 * removed in it. Without this, a read-only or misplaced state directory shows up only at the first drain,
 * which is exactly when failover must work.
 */
final class StateDirectory {
  private static final String PROBE = ".aya-write-check";

  private StateDirectory() {}

  /** @throws AyaNode.StartupException one sentence naming the directory and the cause */
  static void checkWritable(Path dir) throws AyaNode.StartupException {
    Path probe = dir.resolve(PROBE);
    try {
      Files.createDirectories(dir);
      Files.writeString(probe, "ok\n");
      Files.delete(probe);
    } catch (IOException e) {
      throw new AyaNode.StartupException("state-dir: " + dir + " is not writable (" + IoMessages.reason(e)
          + "); it must hold drains and overrides across restarts: fix its permissions or set --state-dir", e);
    }
  }
}
