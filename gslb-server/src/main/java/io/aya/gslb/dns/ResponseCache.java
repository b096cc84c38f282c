package io.aya.gslb.dns;

import io.aya.gslb.zone.ZoneSet;
import java.util.Arrays;
import java.util.HashMap;

/**
 * What a question renders to in one {@link ZoneSet} snapshot ({@link CachedRoute}), keyed by (question name
 * without regard to case, query type); a new snapshot empties the cache. The snapshot is known by its
 * {@link ZoneSet#generation()}, not held: a thread that answers nothing after a reload must not keep the replaced
 * zones alive. One instance per event-loop thread, so no locking; not thread-safe.
 */
final class ResponseCache {
  static final int MAX_ENTRIES = 10_000;
  static final int MAX_WIRE = 4096;
  /** Bytes of rendered responses per thread before the cache starts over. */
  static final long MAX_BYTES = 8L << 20;

  private final HashMap<Key, CachedRoute> map = new HashMap<>();
  private final Key probe = new Key(new byte[255]);
  private long generation = Long.MIN_VALUE;
  private long bytes;

  CachedRoute get(ZoneSet current, WireQuery q) {
    if (current.generation() != generation) {
      map.clear();
      bytes = 0;
      generation = current.generation();
      return null;
    }
    probe.set(q.name(), q.nameLength(), q.qtype());
    return map.get(probe);
  }

  /** Keeps {@code route} for the question of {@code q}, unless the snapshot changed or the route is too big. */
  void put(ZoneSet current, WireQuery q, CachedRoute route) {
    int size = route.bytes();
    if (current.generation() != generation || size > MAX_WIRE) {
      return;
    }
    if (map.size() >= MAX_ENTRIES || bytes + size > MAX_BYTES) {
      // simplest bound that adapts: random-name floods cost a refill, never unbounded memory
      map.clear();
      bytes = 0;
    }
    bytes += size + q.nameLength();
    Key key = new Key(new byte[q.nameLength()]);
    key.set(q.name(), q.nameLength(), q.qtype());
    map.put(key, route);
  }

  int size() {
    return map.size();
  }

  private static final class Key {
    private final byte[] name;
    private int length;
    private int qtype;
    private int hash;

    Key(byte[] buffer) {
      this.name = buffer;
    }

    void set(byte[] wire, int len, int type) {
      int h = type;
      for (int i = 0; i < len; i++) {
        byte b = wire[i];
        // label length bytes are <= 63, so folding A-Z bytewise never touches them
        if (b >= 'A' && b <= 'Z') {
          b = (byte) (b + ('a' - 'A'));
        }
        name[i] = b;
        h = 31 * h + b;
      }
      this.length = len;
      this.qtype = type;
      this.hash = h;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Key)) {
        return false;
      }
      Key k = (Key) o;
      return k.hash == hash
          && k.qtype == qtype
          && k.length == length
          && Arrays.equals(k.name, 0, length, name, 0, length);
    }
  }
}
