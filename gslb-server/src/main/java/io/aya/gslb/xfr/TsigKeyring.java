package io.aya.gslb.xfr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * The TSIG keys (RFC 8945) a node knows, by name, read from a key file with one key per line in the form
 * {@code kdig -y} and {@code knsupdate} take: {@code algorithm:name:base64-secret} (e.g. {@code
 * hmac-sha256:xfr-key:c2VjcmV0...}); blank lines and lines starting with {@code #} are ignored. Secrets never
 * appear in messages or logs. Immutable and thread-safe.
 */
public final class TsigKeyring {
  public static final TsigKeyring EMPTY = new TsigKeyring(Map.of());

  private static final Set<String> ALGORITHMS =
      Set.of("hmac-sha256", "hmac-sha384", "hmac-sha512", "hmac-sha224", "hmac-sha1");

  /** One key: its algorithm (as a TSIG algorithm name) and the signer built from its secret. */
  public record Key(Name algorithm, TSIG tsig) {}

  private final Map<Name, Key> keys;

  private TsigKeyring(Map<Name, Key> keys) {
    this.keys = Map.copyOf(keys);
  }

  /** The key of that name, or null. */
  public Key key(Name name) {
    return keys.get(name);
  }

  public int size() {
    return keys.size();
  }

  public boolean contains(Name name) {
    return keys.containsKey(name);
  }

  /**
   * Reads {@code file}; a missing file is an empty keyring.
   *
   * @throws IllegalArgumentException naming {@code file:line} and what is wrong (never the secret)
   */
  public static TsigKeyring read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return EMPTY;
    }
    Map<Name, Key> keys = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + ":" + (i + 1) + ": ";
      String[] parts = line.split(":", 3);
      if (parts.length != 3) {
        throw new IllegalArgumentException(where + "expected algorithm:name:base64-secret");
      }
      String algorithm = parts[0].toLowerCase(Locale.ROOT);
      if (!ALGORITHMS.contains(algorithm)) {
        throw new IllegalArgumentException(where + "algorithm " + parts[0] + " (expected: one of "
            + String.join(", ", ALGORITHMS.stream().sorted().toList()) + ")");
      }
      Name name;
      try {
        name = Name.fromString(parts[1], Name.root);
      } catch (TextParseException e) {
        throw new IllegalArgumentException(where + "key name " + parts[1] + ": " + e.getMessage());
      }
      byte[] secret;
      try {
        secret = Base64.getDecoder().decode(parts[2].strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + "the secret of key " + name + " is not base64");
      }
      if (secret.length < 16) {
        throw new IllegalArgumentException(where + "the secret of key " + name + " has " + secret.length
            + " bytes (expected: at least 16)");
      }
      Name alg = TSIG.algorithmToName(algorithm);
      if (keys.putIfAbsent(name, new Key(alg, new TSIG(alg, name, secret))) != null) {
        throw new IllegalArgumentException(where + "key " + name + " is defined twice");
      }
    }
    return new TsigKeyring(keys);
  }
}
