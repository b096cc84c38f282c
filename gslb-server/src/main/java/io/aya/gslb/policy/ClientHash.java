package io.aya.gslb.policy;

import io.aya.gslb.geo.ClientLocation;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Stable hashes of a client network, so that per-client choices (capacity shedding, weighted picks, which
 * members answer) are the same for every query of one network and spread uniformly over many networks.
 *
 * <p>The hashed network is the client address masked to {@link #hashPrefix}: at least an end-site network
 * (/24, /56) and at least the located network, never longer than the source prefix. That prefix is the ECS
 * scope of answers that used the hash, so the answer never depends on bits outside the scope a resolver
 * caches it for. Each use mixes in its own seed, so the capacity, weighted and answers decisions are
 * independent of each other. The L4 forwarder's {@code lb=source-hash} uses the same hashes. Stateless,
 * thread-safe.
 */
public final class ClientHash {
  static final long CAPACITY_SEED = 0x6A09E667F3BCC909L;
  static final long WEIGHT_SEED = 0xBB67AE8584CAA73BL;
  static final long REGION_SEED = 0x3C6EF372FE94F82BL;
  static final long MEMBER_SEED = 0xA54FF53A5F1D36F1L;
  static final long ANSWER_SEED = 0x510E527FADE682D1L;
  static final long PLACEMENT_SEED = 0x9B05688C2B3E6C1FL;

  /** The shortest hashed IPv4 network: a typical end-site network. */
  static final int SITE_IPV4_PREFIX = 24;

  /** The shortest hashed IPv6 network: a typical end-site network. */
  static final int SITE_IPV6_PREFIX = 56;

  private ClientHash() {}

  /**
   * The prefix length of the client network that per-client decisions depend on, which is also the ECS scope
   * of such answers: the longer of the located network's scope and /24 (IPv4) or /56 (IPv6), never longer
   * than the source prefix. Not just the located network: a geo database network can be a /12 of a whole
   * metro, and hashing it as one would move all of its clients at once.
   */
  static int hashPrefix(InetAddress client, int sourcePrefix, ClientLocation location) {
    int site = client instanceof Inet4Address ? SITE_IPV4_PREFIX : SITE_IPV6_PREFIX;
    return Math.max(0, Math.min(sourcePrefix, Math.max(site, location.scopePrefix())));
  }

  /** A 64-bit hash of {@code client} masked to {@code prefix} bits (address family included). */
  public static long network(InetAddress client, int prefix) {
    byte[] a = client.getAddress();
    int bits = Math.max(0, Math.min(prefix, a.length * 8));
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < a.length; i++) {
      int rem = bits - i * 8;
      int b = rem <= 0 ? 0 : rem >= 8 ? a[i] & 0xFF : a[i] & (0xFF << (8 - rem)) & 0xFF;
      if (i < 8) {
        hi = (hi << 8) | b;
      } else {
        lo = (lo << 8) | b;
      }
    }
    return mix(mix(hi ^ ((long) a.length << 56)) ^ lo ^ ((long) bits << 48));
  }

  /** A salt for a string (region name), stable across JVMs ({@link String#hashCode} is specified). */
  static long salt(String s, long seed) {
    return mix(s.hashCode() ^ seed);
  }

  /** A salt for an address, stable across JVMs and independent of member order. */
  public static long salt(InetAddress address, long seed) {
    byte[] a = address.getAddress();
    long h = seed;
    for (byte b : a) {
      h = mix(h ^ (b & 0xFF));
    }
    return h;
  }

  /** The SplitMix64 finalizer: a bijective 64-bit mixer with full avalanche. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Maps a hash to a uniform double in the open interval (0, 1). */
  public static double unit(long h) {
    return ((h >>> 11) + 0.5) * 0x1.0p-53;
  }
}
