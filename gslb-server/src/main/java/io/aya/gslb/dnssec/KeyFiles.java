package io.aya.gslb.dnssec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Reads and writes BIND-format key pairs, {@code K<zone>+<alg>+<tag>.key} (the DNSKEY record) and {@code .private}
 * (format v1.3: algorithm, private key, timing metadata), as dnssec-keygen writes them, for algorithms 13 (ECDSA
 * P-256) and 15 (Ed25519). Private key files are written with mode 0600. Stateless.
 */
public final class KeyFiles {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private KeyFiles() {}

  /** Every key pair of {@code zone} in {@code dir} (a {@code .key} without its {@code .private} is an error). */
  public static List<SigningKey> read(Path dir, Name zone) throws KeyException {
    List<Path> found = new ArrayList<>();
    String prefix = "k" + zone.toString(true).toLowerCase(Locale.ROOT);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "K*.key")) {
      for (Path p : ds) {
        String f = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (f.startsWith(prefix + "+") || f.startsWith(prefix + ".+")) {
          found.add(p);
        }
      }
    } catch (IOException e) {
      throw new KeyException(dir + ": cannot list the key directory (" + reason(e) + ")");
    }
    found.sort(null);
    List<SigningKey> keys = new ArrayList<>();
    for (Path p : found) {
      String f = p.toString();
      keys.add(read(p, Path.of(f.substring(0, f.length() - ".key".length()) + ".private"), zone));
    }
    return keys;
  }

  static SigningKey read(Path keyFile, Path privateFile, Name zone) throws KeyException {
    DNSKEYRecord dnskey = null;
    // BIND writes the DNSKEY without a TTL; the served TTL is the SOA's anyway
    try (Master m = new Master(new ByteArrayInputStream(Files.readAllBytes(keyFile)), zone, 3600)) {
      for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        if (r instanceof DNSKEYRecord) {
          dnskey = (DNSKEYRecord) r;
          break;
        }
      }
    } catch (IOException e) {
      throw new KeyException(keyFile + ": " + reason(e));
    }
    if (dnskey == null) {
      throw new KeyException(keyFile + ": no DNSKEY record in the file");
    }
    if (!dnskey.getName().equals(zone)) {
      throw new KeyException(keyFile + ": DNSKEY owner " + dnskey.getName() + " (expected: the zone " + zone + ")");
    }
    Map<String, String> fields = new HashMap<>();
    try {
      for (String line : Files.readAllLines(privateFile, StandardCharsets.UTF_8)) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          fields.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
      }
    } catch (IOException e) {
      throw new KeyException(privateFile + ": " + reason(e));
    }
    String alg = fields.getOrDefault("algorithm", "").split(" ")[0];
    if (!alg.equals(Integer.toString(dnskey.getAlgorithm()))) {
      throw new KeyException(privateFile + ": Algorithm " + alg + " (expected: " + dnskey.getAlgorithm()
          + ", the algorithm of " + keyFile.getFileName() + ")");
    }
    String secret = fields.get("privatekey");
    if (secret == null) {
      throw new KeyException(privateFile + ": no PrivateKey field");
    }
    PrivateKey key;
    try {
      key = privateKey(dnskey.getAlgorithm(), Base64.getDecoder().decode(secret));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      // never include the key material in the message
      throw new KeyException(privateFile + ": the PrivateKey field is not a valid algorithm "
          + dnskey.getAlgorithm() + " key");
    }
    KeyTiming timing = new KeyTiming(time(fields, "publish", privateFile), time(fields, "activate", privateFile),
        time(fields, "inactive", privateFile), time(fields, "delete", privateFile));
    return new SigningKey(dnskey, key, timing, privateFile);
  }

  /** Generates a combined signing key (flags 257) for {@code zone} and writes it into {@code dir}. */
  public static SigningKey generate(Path dir, Name zone, int algorithm, long ttl, Instant time) throws KeyException {
    // the files keep whole seconds: the key read back must equal the key generated
    Instant now = time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    try {
      KeyPair pair;
      if (algorithm == DNSSEC.Algorithm.ECDSAP256SHA256) {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        pair = g.generateKeyPair();
      } else if (algorithm == DNSSEC.Algorithm.ED25519) {
        pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      } else {
        throw new KeyException("algorithm: " + algorithm + " (expected: 13 or 15)");
      }
      DNSKEYRecord dnskey = new DNSKEYRecord(zone, DClass.IN, ttl, DNSKEYRecord.Flags.ZONE_KEY
          | DNSKEYRecord.Flags.SEP_KEY, DNSKEYRecord.Protocol.DNSSEC, algorithm, pair.getPublic());
      SigningKey key = new SigningKey(dnskey, pair.getPrivate(), new KeyTiming(now, now, null, null), null);
      Path file = write(dir, key, now);
      return new SigningKey(dnskey, pair.getPrivate(), key.timing(), file);
    } catch (GeneralSecurityException | DNSSEC.DNSSECException e) {
      throw new KeyException("cannot generate an algorithm " + algorithm + " key: " + e.getMessage());
    }
  }

  /** Writes {@code key} as {@code K<zone>+<alg>+<tag>.key/.private} into {@code dir}; returns the .private path. */
  public static Path write(Path dir, SigningKey key, Instant created) throws KeyException {
    DNSKEYRecord d = key.dnskey();
    String base = String.format(Locale.ROOT, "K%s+%03d+%05d", d.getName().toString(), d.getAlgorithm(), key.tag());
    Path pub = dir.resolve(base + ".key");
    Path priv = dir.resolve(base + ".private");
    StringBuilder p = new StringBuilder();
    p.append("Private-key-format: v1.3\n");
    p.append("Algorithm: ").append(d.getAlgorithm())
        .append(d.getAlgorithm() == DNSSEC.Algorithm.ED25519 ? " (ED25519)\n" : " (ECDSAP256SHA256)\n");
    p.append("PrivateKey: ").append(Base64.getEncoder().encodeToString(rawPrivate(key.privateKey()))).append('\n');
    p.append("Created: ").append(TIME.format(created)).append('\n');
    KeyTiming t = key.timing();
    appendTime(p, "Publish", t.publish());
    appendTime(p, "Activate", t.activate());
    appendTime(p, "Inactive", t.inactive());
    appendTime(p, "Delete", t.delete());
    String kind = key.ksk() ? "key-signing" : "zone-signing";
    String text = "; This is a " + kind + " key, keyid " + key.tag() + ", for " + d.getName() + "\n"
        + "; Created: " + TIME.format(created) + "\n" + d + "\n";
    try {
      Files.createDirectories(dir);
      writeAtomically(priv, p.toString(), true);
      writeAtomically(pub, text, false);
    } catch (IOException e) {
      throw new KeyException(dir + ": cannot write key " + base + " (" + reason(e) + ")");
    }
    return priv;
  }

  private static void writeAtomically(Path file, String text, boolean secret) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), ".key", ".tmp");
    try {
      if (secret) {
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system: the directory's permissions protect the file
        }
      }
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void appendTime(StringBuilder b, String field, Instant t) {
    if (t != null) {
      b.append(field).append(": ").append(TIME.format(t)).append('\n');
    }
  }

  private static Instant time(Map<String, String> fields, String field, Path file) throws KeyException {
    String v = fields.get(field);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Instant.from(TIME.parse(v));
    } catch (DateTimeParseException e) {
      throw new KeyException(file + ": " + field + ": " + v + " (expected: YYYYMMDDHHMMSS, UTC)");
    }
  }

  static PrivateKey privateKey(int algorithm, byte[] raw) throws GeneralSecurityException {
    // BIND writes the P-256 scalar as a big number without leading zero bytes: 31 bytes (or fewer) in 1 key of 256
    if (algorithm == DNSSEC.Algorithm.ECDSAP256SHA256 && raw.length >= 1 && raw.length <= 32) {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
      return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, raw), spec));
    }
    if (algorithm == DNSSEC.Algorithm.ED25519 && raw.length == 32) {
      return KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, raw));
    }
    throw new GeneralSecurityException("unsupported algorithm or key length");
  }

  /** The private key as the PrivateKey field holds it: 32 bytes of scalar (P-256) or seed (Ed25519). */
  private static byte[] rawPrivate(PrivateKey key) {
    if (key instanceof ECPrivateKey) {
      byte[] s = ((ECPrivateKey) key).getS().toByteArray();
      byte[] out = new byte[32];
      int n = Math.min(32, s.length);
      System.arraycopy(s, s.length - n, out, 32 - n, n);
      return out;
    }
    // Ed25519 PKCS#8: the 32-byte seed is the last 32 bytes of the encoding (RFC 8410 §7)
    byte[] pkcs8 = key.getEncoded();
    return Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
  }

  private static String reason(IOException e) {
    return io.aya.cluster.IoMessages.reason(e);
  }
}
