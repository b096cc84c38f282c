package io.aya.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a small state file so that a crash leaves either the old or the new content, never a torn file:
 * write {@code FILE.tmp} in the same directory, force it to disk, rename it over {@code FILE}, then force the
 * directory (where the platform allows). Used for every file of the state directory. Stateless, thread-safe
 * for distinct files.
 */
public final class AtomicFiles {
  private static final Logger log = LoggerFactory.getLogger(AtomicFiles.class);

  private AtomicFiles() {}

  /** Writes {@code bytes} as the new content of {@code file}, creating its directory if missing. */
  public static void write(Path file, byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = dir.resolve(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    // makes the rename itself durable
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("Cannot fsync directory {}: {}", dir, e.toString());
    }
  }

  /**
   * Moves an unusable state file aside as {@code FILE.corrupt-<UTC time>} in the same directory, so that the node
   * can start without it and an operator can still inspect it. Never overwrites an earlier quarantined file.
   *
   * @return where the file now is
   */
  public static Path quarantine(Path file) throws IOException {
    String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
    Path target = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp);
    for (int i = 1; Files.exists(target); i++) {
      target = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp + "-" + i);
    }
    return Files.move(file, target);
  }
}
