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
 * The admin API's bearer token: the configured one, else the one stored earlier in
 * {@code <state-dir>/admin-token}, else one written there (mode 0600): derived from the cluster secret when
 * there is one (so every member of the cluster has the same token without it travelling), else random.
 */
final class AdminToken {
  private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
  static final String FILE = "admin-token";
  /** What a cluster secret is combined with to derive the admin token (the same on every member). */
  private static final String DERIVATION = "aya admin API token";

  private AdminToken() {}

  /**
   * @return the token and whether it was generated now
   * @throws IllegalStateException when the stored token is too short, with the file and the fix
   */
  static Resolved resolve(String configured, Path stateDir) throws IOException {
    return resolve(configured, stateDir, io.aya.cluster.ClusterSecret.NONE);
  }

  /** As {@link #resolve(String, Path)}, deriving a new token from {@code secret} when it is set. */
  static Resolved resolve(String configured, Path stateDir, io.aya.cluster.ClusterSecret secret) throws IOException {
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
    String token = secret.enabled() ? secret.derive(DERIVATION).substring(0, 48) : random();
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

  private static String random() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * A short fingerprint of a token that members publish to each other to find a token that differs; keyed
   * with the cluster secret when there is one, so it does not help guess the token.
   */
  static String fingerprint(String token, io.aya.cluster.ClusterSecret secret) {
    if (secret.enabled()) {
      return secret.derive("aya admin token fingerprint\0" + token).substring(0, 16);
    }
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest(("aya admin token fingerprint\0" + token).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
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
