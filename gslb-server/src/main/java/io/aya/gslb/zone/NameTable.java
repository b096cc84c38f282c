package io.aya.gslb.zone;

import java.io.IOException;
import java.util.Arrays;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Name;

/**
 * Domain names to byte strings, held in a few large arrays instead of a map entry, a {@link Name} and a value array
 * per name: a zone of a million names is then a handful of objects, which the garbage collector never copies (the
 * arrays are large enough to be allocated outside the young generation) and does not need to trace. This is what
 * keeps loading a big zone, and answering while a new version is built beside the old one, free of long young
 * collections: the names are the one thing of a zone that survives them.
 *
 * <p>Layout: each entry is appended to a chunk of an arena (chunks double from 1 KiB up to 4 MiB; an entry larger than
 * that gets a chunk of its own): the name's length and uncompressed wire form in its original case, then the
 * value's length (4 bytes) and the value. An open-addressing index (linear probing, at most half full) holds each
 * entry's location and a hash of its name's wire form with ASCII letters in lower case (so names compare as
 * {@link Name#equals} does; {@link Name#hashCode()} is not used, as it is the same for many names that differ only in
 * their digits); names are compared byte for byte in the arena, without building a {@link Name}. Replacing a
 * value appends a new entry (the old bytes stay unused); removing shifts the index back, so no tombstones remain.
 *
 * <p>Reading ({@link #get}, {@link #slot}, {@link #nameAt}, {@link #valueAt}) allocates what it returns. Not
 * thread-safe while written; once the last write happened before it was published safely (a {@code final} field
 * of an object published through a volatile field), any number of threads may read it.
 */
final class NameTable {
  private static final int MIN_CHUNK = 1 << 10;
  private static final int MAX_CHUNK = 1 << 22;
  private static final int OFFSET_BITS = 22;

  private byte[][] chunks = new byte[1][];
  private int chunkCount;
  /** Bytes used in the last chunk. */
  private int used;
  /** Entry locations ({@code chunk << 22 | offset}) plus one; 0 marks a free slot. */
  private int[] refs;
  private int[] hashes;
  private int size;
  /** Where names are written before they are appended (reused); null until the first put and after {@link #trim}. */
  private DNSOutput scratch;

  NameTable() {
    refs = new int[16];
    hashes = new int[16];
  }

  int size() {
    return size;
  }

  /** What {@code reader} makes of the entry of {@code name} (its name as stored and a copy of its value), or null. */
  <T> T get(Name name, Reader<T> reader) {
    int slot = slot(name);
    return slot < 0 ? null : reader.read(nameAt(slot), valueAt(slot));
  }

  /** Makes something of one entry. */
  @FunctionalInterface
  interface Reader<T> {
    T read(Name name, byte[] value);
  }

  /** The value stored for {@code name} (a copy), or null. */
  byte[] get(Name name) {
    int slot = slot(name);
    return slot < 0 ? null : valueAt(slot);
  }

  boolean contains(Name name) {
    return slot(name) >= 0;
  }

  /** Stores {@code value} (copied) for {@code name}, replacing what was stored for it. */
  void put(Name name, byte[] value) {
    if (scratch == null) {
      scratch = new DNSOutput(256);
    }
    scratch.jump(0);
    name.toWire(scratch, null);
    byte[] wire = scratch.toByteArray();
    int hash = hash(wire, 0, wire.length);
    int slot = slot(wire, 0, wire.length, hash);
    int ref = append(wire, value);
    if (slot >= 0) {
      refs[slot] = ref + 1;
      return;
    }
    if ((size + 1) * 2 > refs.length) {
      grow();
    }
    int mask = refs.length - 1;
    int i = mix(hash) & mask;
    while (refs[i] != 0) {
      i = (i + 1) & mask;
    }
    refs[i] = ref + 1;
    hashes[i] = hash;
    size++;
  }

  /** Removes {@code name}; false when it was not there. */
  boolean remove(Name name) {
    int i = slot(name);
    if (i < 0) {
      return false;
    }
    int mask = refs.length - 1;
    // backward-shift deletion: move later entries of the probe run into the hole when their home allows it
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      if (refs[j] == 0) {
        break;
      }
      int home = mix(hashes[j]) & mask;
      boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
      if (!stays) {
        refs[i] = refs[j];
        hashes[i] = hashes[j];
        i = j;
      }
    }
    refs[i] = 0;
    hashes[i] = 0;
    size--;
    return true;
  }

  /** Drops the unused tail of the last chunk (once no more entries will be added). */
  void trim() {
    scratch = null;
    if (chunkCount > 0 && used < chunks[chunkCount - 1].length) {
      chunks[chunkCount - 1] = Arrays.copyOf(chunks[chunkCount - 1], used);
    }
    chunks = Arrays.copyOf(chunks, Math.max(1, chunkCount));
  }

  /** Index slots, for iteration: {@link #occupied} says which hold an entry. */
  int capacity() {
    return refs.length;
  }

  boolean occupied(int slot) {
    return refs[slot] != 0;
  }

  /** The slot holding {@code name}, or -1. */
  int slot(Name name) {
    byte[] wire = name.toWireCanonical();
    return slot(wire, 0, wire.length, hash(wire, 0, wire.length));
  }

  /**
   * Walks up from the name of the entry in {@code slot} towards {@code origin} (an ancestor of every name here, which
   * ends the walk): each proper ancestor that the table holds ends it, any other goes to {@code missing}, which says
   * whether to go on (false: it knows the name already). Builds no {@link Name} for the ancestors the table holds.
   */
  void ancestors(int slot, Name origin, java.util.function.Predicate<Name> missing) {
    int ref = refs[slot] - 1;
    byte[] chunk = chunks[ref >>> OFFSET_BITS];
    int at = ref & ((1 << OFFSET_BITS) - 1);
    int end = at + 1 + (chunk[at] & 0xFF);
    int stop = origin.length();
    for (int p = at + 1; chunk[p] != 0; ) {
      p += 1 + (chunk[p] & 0xFF);
      int length = end - p;
      if (length <= stop || slot(chunk, p, length, hash(chunk, p, length)) >= 0) {
        return;
      }
      try {
        if (!missing.test(new Name(Arrays.copyOfRange(chunk, p, end)))) {
          return;
        }
      } catch (IOException e) {
        throw new IllegalStateException("name table entry at " + ref + " is damaged", e);
      }
    }
  }

  /** The name of the entry in {@code slot}, in the case it was stored with. */
  Name nameAt(int slot) {
    int ref = refs[slot] - 1;
    byte[] chunk = chunks[ref >>> OFFSET_BITS];
    int at = ref & ((1 << OFFSET_BITS) - 1);
    try {
      return new Name(Arrays.copyOfRange(chunk, at + 1, at + 1 + (chunk[at] & 0xFF)));
    } catch (IOException e) {
      throw new IllegalStateException("name table entry at " + ref + " is damaged", e);
    }
  }

  /** The value of the entry in {@code slot} (a copy). */
  byte[] valueAt(int slot) {
    int ref = refs[slot] - 1;
    byte[] chunk = chunks[ref >>> OFFSET_BITS];
    int at = ref & ((1 << OFFSET_BITS) - 1);
    at += 1 + (chunk[at] & 0xFF);
    int length = (chunk[at] & 0xFF) << 24 | (chunk[at + 1] & 0xFF) << 16 | (chunk[at + 2] & 0xFF) << 8
        | (chunk[at + 3] & 0xFF);
    return length == 0 ? RRsetWire.EMPTY : Arrays.copyOfRange(chunk, at + 4, at + 4 + length);
  }

  private int slot(byte[] wire, int from, int length, int hash) {
    int mask = refs.length - 1;
    for (int i = mix(hash) & mask; refs[i] != 0; i = (i + 1) & mask) {
      if (hashes[i] == hash && sameName(refs[i] - 1, wire, from, length)) {
        return i;
      }
    }
    return -1;
  }

  /** True when the entry at {@code ref} is for the name of {@code wire[from..from+length)}, ignoring ASCII case. */
  private boolean sameName(int ref, byte[] wire, int from, int length) {
    byte[] chunk = chunks[ref >>> OFFSET_BITS];
    int at = ref & ((1 << OFFSET_BITS) - 1);
    if ((chunk[at] & 0xFF) != length) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (lower(chunk[at + 1 + k]) != lower(wire[from + k])) {
        return false;
      }
    }
    return true;
  }

  /** FNV-1a over a name's wire form with ASCII letters in lower case (RFC 4343: names compare so). */
  private static int hash(byte[] wire, int from, int length) {
    int h = 0x811C9DC5;
    for (int k = from; k < from + length; k++) {
      h = (h ^ lower(wire[k])) * 0x01000193;
    }
    return h;
  }

  private static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b & 0xFF;
  }

  private int append(byte[] wire, byte[] value) {
    int length = 1 + wire.length + 4 + value.length;
    byte[] chunk = chunkCount == 0 ? null : chunks[chunkCount - 1];
    if (chunk == null || chunk.length - used < length) {
      int size = chunk == null ? MIN_CHUNK : Math.min(MAX_CHUNK, chunk.length * 2);
      while (size < length && size < MAX_CHUNK) {
        size *= 2;
      }
      chunk = new byte[Math.max(size, length)];
      if (chunkCount == (1 << (31 - OFFSET_BITS)) - 1) {
        // the last chunk index would overflow a location plus one
        throw new IllegalStateException("name table full (" + chunkCount + " chunks)");
      }
      if (chunkCount == chunks.length) {
        chunks = Arrays.copyOf(chunks, chunkCount * 2);
      }
      chunks[chunkCount++] = chunk;
      used = 0;
    }
    int at = used;
    chunk[at] = (byte) wire.length;
    System.arraycopy(wire, 0, chunk, at + 1, wire.length);
    int p = at + 1 + wire.length;
    chunk[p] = (byte) (value.length >>> 24);
    chunk[p + 1] = (byte) (value.length >>> 16);
    chunk[p + 2] = (byte) (value.length >>> 8);
    chunk[p + 3] = (byte) value.length;
    System.arraycopy(value, 0, chunk, p + 4, value.length);
    used += length;
    return (chunkCount - 1) << OFFSET_BITS | at;
  }

  private void grow() {
    int[] oldRefs = refs;
    int[] oldHashes = hashes;
    refs = new int[oldRefs.length * 2];
    hashes = new int[oldRefs.length * 2];
    int mask = refs.length - 1;
    for (int k = 0; k < oldRefs.length; k++) {
      if (oldRefs[k] != 0) {
        int i = mix(oldHashes[k]) & mask;
        while (refs[i] != 0) {
          i = (i + 1) & mask;
        }
        refs[i] = oldRefs[k];
        hashes[i] = oldHashes[k];
      }
    }
  }

  private static int mix(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
