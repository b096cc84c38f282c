package io.aya.gslb.zone;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Where each record type first appears at each static owner name of a zone being read, for the checks (and
 * messages) that compare records of one name. Kept compact because a big zone has a million names: one small
 * {@code int[]} of (type, file, line) triples per name instead of a map of {@link Where}s. Not thread-safe.
 */
final class StaticTypes {
  private static final int[] NONE = new int[0];

  private final Map<Name, int[]> byName = new HashMap<>();
  private final List<String> files = new java.util.ArrayList<>();
  private final Map<String, Integer> fileIndex = new HashMap<>();

  /** Records that {@code type} appears at {@code name} at {@code where}, unless it did before. */
  void putIfAbsent(Name name, int type, Where where) {
    int[] have = byName.getOrDefault(name, NONE);
    for (int i = 0; i < have.length; i += 3) {
      if (have[i] == type) {
        return;
      }
    }
    int[] more = Arrays.copyOf(have, have.length + 3);
    more[have.length] = type;
    more[have.length + 1] = fileIndex.computeIfAbsent(where.file(), f -> {
      files.add(f);
      return files.size() - 1;
    });
    more[have.length + 2] = where.line();
    byName.put(name, more);
  }

  /** Where {@code type} first appears at {@code name}, or null. */
  Where first(Name name, int type) {
    int[] have = byName.getOrDefault(name, NONE);
    for (int i = 0; i < have.length; i += 3) {
      if (have[i] == type) {
        return new Where(files.get(have[i + 1]), have[i + 2]);
      }
    }
    return null;
  }

  /** The types at {@code name} in the order they first appear, each with where; empty for an unknown name. */
  Map<Integer, Where> at(Name name) {
    int[] have = byName.getOrDefault(name, NONE);
    if (have.length == 0) {
      return Collections.emptyMap();
    }
    Map<Integer, Where> out = new LinkedHashMap<>();
    for (int i = 0; i < have.length; i += 3) {
      out.put(have[i], new Where(files.get(have[i + 1]), have[i + 2]));
    }
    return out;
  }

  /** Every owner name seen. */
  Set<Name> names() {
    return Collections.unmodifiableSet(byName.keySet());
  }
}
