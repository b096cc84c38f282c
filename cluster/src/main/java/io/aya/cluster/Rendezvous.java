package io.aya.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rendezvous (highest random weight) hashing: every member scores every key, the {@code k} highest scores
 * own the key. When a member leaves, only the keys it owned move (each to the next-highest member); when
 * one joins, it takes over only the keys where it now scores in the top {@code k}. The score depends on
 * the names only, so every member computes the same owners without talking to the others.
 *
 * <p>Stateless and thread-safe.
 */
final class Rendezvous {
  private Rendezvous() {}

  /** True when {@code self} is among the {@code min(k, members)} highest scorers for {@code key}. */
  static boolean owns(String self, List<String> members, String key, int k) {
    long mine = score(self, key);
    int higher = 0;
    for (int i = 0; i < members.size(); i++) {
      String other = members.get(i);
      if (other.equals(self)) {
        continue;
      }
      long theirs = score(other, key);
      if (theirs > mine || (theirs == mine && other.compareTo(self) > 0)) {
        higher++;
        if (higher >= k) {
          return false;
        }
      }
    }
    return true;
  }

  /** The owners of {@code key}, highest score first. */
  static List<String> owners(List<String> members, String key, int k) {
    List<String> sorted = new ArrayList<>(members);
    sorted.sort(Comparator.comparingLong((String m) -> score(m, key)).reversed()
        .thenComparing(Comparator.reverseOrder()));
    return List.copyOf(sorted.subList(0, Math.min(k, sorted.size())));
  }

  /** 64-bit FNV-1a over {@code member \0 key}, finished with MurmurHash3's fmix64 to spread the bits. */
  static long score(String member, String key) {
    long h = 0xcbf29ce484222325L;
    h = fnv(h, member.getBytes(StandardCharsets.UTF_8));
    h = (h ^ 0) * 0x100000001b3L;
    h = fnv(h, key.getBytes(StandardCharsets.UTF_8));
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private static long fnv(long h, byte[] bytes) {
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
