package io.aya.gslb.zone;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * Where each record type first appears at each static owner name of a zone being read, for the checks (and
 * messages) that compare records of one name. Kept compact because a big zone has a million names: the (type, file,
 * line) entries of all names are in one {@link NameTable} (8 bytes each), so a zone being read keeps no object per
 * name apart from the zone itself. Records of one owner usually come together, so the last name looked up is
 * remembered. Not thread-safe.
 */
final class StaticTypes {
  private static final byte[] NONE = new byte[0];
  private static final int ENTRY = 8;

  private final NameTable byName = new NameTable();
  private final List<String> files = new java.util.ArrayList<>();
  private final Map<String, Integer> fileIndex = new HashMap<>();
  private Name lastName;
  private byte[] lastTypes = NONE;

  /** Records that {@code type} appears at {@code name} at {@code where}, unless it did before. */
  void putIfAbsent(Name name, int type, Where where) {
    byte[] have = types(name);
    for (int i = 0; i < have.length; i += ENTRY) {
      if (u16(have, i) == type) {
        return;
      }
    }
    byte[] more = Arrays.copyOf(have, have.length + ENTRY);
    int file = fileIndex.computeIfAbsent(where.file(), f -> {
      files.add(f);
      return files.size() - 1;
    });
    int at = have.length;
    more[at] = (byte) (type >>> 8);
    more[at + 1] = (byte) type;
    more[at + 2] = (byte) (file >>> 8);
    more[at + 3] = (byte) file;
    int line = where.line();
    more[at + 4] = (byte) (line >>> 24);
    more[at + 5] = (byte) (line >>> 16);
    more[at + 6] = (byte) (line >>> 8);
    more[at + 7] = (byte) line;
    byName.put(name, more);
    lastName = name;
    lastTypes = more;
  }

  /** Where {@code type} first appears at {@code name}, or null. */
  Where first(Name name, int type) {
    byte[] have = types(name);
    for (int i = 0; i < have.length; i += ENTRY) {
      if (u16(have, i) == type) {
        return where(have, i);
      }
    }
    return null;
  }

  /** The types at {@code name} in the order they first appear, each with where; empty for an unknown name. */
  Map<Integer, Where> at(Name name) {
    byte[] have = types(name);
    if (have.length == 0) {
      return Collections.emptyMap();
    }
    Map<Integer, Where> out = new LinkedHashMap<>();
    for (int i = 0; i < have.length; i += ENTRY) {
      out.put(u16(have, i), where(have, i));
    }
    return out;
  }

  /** Every owner name seen (a copy). */
  List<Name> names() {
    List<Name> out = new java.util.ArrayList<>(byName.size());
    for (int slot = 0; slot < byName.capacity(); slot++) {
      if (byName.occupied(slot)) {
        out.add(byName.nameAt(slot));
      }
    }
    return out;
  }

  private byte[] types(Name name) {
    if (name == lastName || name.equals(lastName)) {
      return lastTypes;
    }
    byte[] have = byName.get(name);
    lastName = name;
    lastTypes = have == null ? NONE : have;
    return lastTypes;
  }

  private Where where(byte[] have, int i) {
    int line = (have[i + 4] & 0xFF) << 24 | (have[i + 5] & 0xFF) << 16 | (have[i + 6] & 0xFF) << 8 | (have[i + 7] & 0xFF);
    return new Where(files.get(u16(have, i + 2)), line);
  }

  private static int u16(byte[] b, int i) {
    return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
  }
}
