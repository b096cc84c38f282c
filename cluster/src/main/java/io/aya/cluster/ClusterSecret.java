package io.aya.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates the values AYA nodes share, since open-source Hazelcast lets any process that reaches the
 * cluster port and knows the cluster name join and write. Every value put into a replicated map is sealed
 * as {@code <mac>.<json>}, where {@code mac} is the unpadded base64url HMAC-SHA256, under the cluster
 * secret, of the map name, the key and the JSON text (so a value cannot be replayed under another key or in
 * another map). A value whose MAC is missing or wrong is refused by {@link #open}.
 *
 * <p>{@link #NONE} (no secret configured: a cluster on one host) writes and accepts plain JSON, as nodes
 * without a secret always did.
 *
 * <p>The secret never appears in {@link #toString()}, logs or the admin API. Immutable and thread-safe.
 */
public final class ClusterSecret {
  /** Secrets shorter than this are refused: an HMAC key should carry at least 128 bits. */
  public static final int MIN_BYTES = 16;
  /** No authentication: plain JSON values. */
  public static final ClusterSecret NONE = new ClusterSecret(null);

  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  private ClusterSecret(byte[] secret) {
    this.key = secret == null ? null : new SecretKeySpec(secret, ALGORITHM);
    this.macs = secret == null ? null : ThreadLocal.withInitial(this::newMac);
  }

  /**
   * A secret from the bytes of a secret file (surrounding white space, such as a final newline, is not part
   * of it).
   *
   * @throws IllegalArgumentException when fewer than {@value #MIN_BYTES} bytes remain
   */
  public static ClusterSecret of(byte[] fileContent) {
    String text = new String(fileContent, StandardCharsets.UTF_8).strip();
    byte[] secret = text.getBytes(StandardCharsets.UTF_8);
    if (secret.length < MIN_BYTES) {
      throw new IllegalArgumentException("cluster secret: " + secret.length + " bytes (expected: at least "
          + MIN_BYTES + ", e.g. the output of 'openssl rand -hex 32')");
    }
    return new ClusterSecret(secret);
  }

  /** True when values are authenticated. */
  public boolean enabled() {
    return key != null;
  }

  /**
   * A value derived from the secret for {@code purpose} (hex HMAC-SHA256 of the purpose), the same on every
   * node that holds the secret; {@code null} without a secret.
   */
  public String derive(String purpose) {
    if (key == null) {
      return null;
    }
    return java.util.HexFormat.of().formatHex(macs.get().doFinal(purpose.getBytes(StandardCharsets.UTF_8)));
  }

  /** The text to store for {@code json} under {@code key} of {@code map}. */
  String seal(String map, String key, String json) {
    if (this.key == null) {
      return json;
    }
    return B64.encodeToString(mac(map, key, json)) + "." + json;
  }

  /** The JSON inside {@code text} when it is authentic for {@code key} of {@code map}; else {@code null}. */
  String open(String map, String key, String text) {
    if (this.key == null) {
      return text.startsWith("{") ? text : null;
    }
    int dot = text.indexOf('.');
    if (dot <= 0 || dot + 1 >= text.length() || text.charAt(dot + 1) != '{') {
      return null;
    }
    String json = text.substring(dot + 1);
    byte[] claimed;
    try {
      claimed = B64D.decode(text.substring(0, dot));
    } catch (IllegalArgumentException e) {
      return null;
    }
    return MessageDigest.isEqual(claimed, mac(map, key, json)) ? json : null;
  }

  /**
   * The JSON part of a stored value without checking it (for ordering two copies during a split-brain merge,
   * where no key is at hand; the receiving nodes check every value they take).
   */
  static String body(String text) {
    if (text.startsWith("{")) {
      return text;
    }
    int dot = text.indexOf('.');
    return dot < 0 ? text : text.substring(dot + 1);
  }

  private byte[] mac(String map, String k, String json) {
    Mac mac = macs.get();
    mac.update(map.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    mac.update(k.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    return mac.doFinal(json.getBytes(StandardCharsets.UTF_8));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return key == null ? "ClusterSecret[none]" : "ClusterSecret[set]";
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ClusterSecret s)) {
      return false;
    }
    if (key == null || s.key == null) {
      return key == s.key;
    }
    return Arrays.equals(key.getEncoded(), s.key.getEncoded());
  }

  @Override
  public int hashCode() {
    return key == null ? 0 : Arrays.hashCode(key.getEncoded());
  }
}
