package io.aya.gslb.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's bearer token: the configured one, else the one generated earlier into
 * {@code <state-dir>/admin-token}, else a new random one written there (mode 0600).
 */
final class AdminToken {
  private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
  static final String FILE = "admin-token";

  private AdminToken() {}

  /**
   * @return the token and whether it was generated now
   * @throws IllegalStateException when the stored token is too short, with the file and the fix
   */
  static Resolved resolve(String configured, Path stateDir) throws IOException {
    if (configured != null) {
      return new Resolved(configured, null, false);
    }
    Path file = stateDir.resolve(FILE);
    if (Files.exists(file)) {
      String t = Files.readString(file).trim();
      if (!t.isEmpty()) {
        if (t.length() < io.aya.gslb.config.ServerConfig.Admin.MIN_TOKEN) {
          throw new IllegalStateException(file + ": the admin token is " + t.length() + " characters (expected: at least "
              + io.aya.gslb.config.ServerConfig.Admin.MIN_TOKEN + "); delete the file to have a new one generated, or"
              + " write one made by: openssl rand -hex 24");
        }
        warnIfReadableByOthers(file);
        return new Resolved(t, file, false);
      }
    }
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    Files.createDirectories(stateDir);
    Path tmp = Files.createTempFile(stateDir, FILE, ".tmp");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system; the directory's permissions apply
    }
    Files.writeString(tmp, token + "\n");
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return new Resolved(token, file, true);
  }

  private static void warnIfReadableByOthers(Path file) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
        log.warn("admin token file {} is readable by other users ({}); chmod 600 it", file,
            PosixFilePermissions.toString(p));
      }
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: nothing to check
    }
  }

  /** @param file where the token is stored, or null when it came from configuration */
  record Resolved(String token, Path file, boolean generated) {}
}
