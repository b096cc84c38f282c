package io.aya.gslb.dns;

import io.aya.gslb.zone.ZoneSet;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Rendered answers that do not depend on the client, keyed by (question name without regard to case, query
 * type) and valid for one {@link ZoneSet} snapshot: a new snapshot empties the cache. The stored bytes are a
 * complete response without OPT record; the sender patches ID, RD, CD and the question name's letter case in
 * and appends its own OPT. One instance per event-loop thread, so no locking; not thread-safe.
 */
final class ResponseCache {
  static final int MAX_ENTRIES = 10_000;
  static final int MAX_WIRE = 4096;

  private final HashMap<Key, byte[]> map = new HashMap<>();
  private final Key probe = new Key(new byte[255]);
  private ZoneSet zones;

  byte[] get(ZoneSet current, WireQuery q) {
    if (current != zones) {
      map.clear();
      zones = current;
      return null;
    }
    probe.set(q.name, q.nameLength, q.qtype);
    return map.get(probe);
  }

  void put(ZoneSet current, WireQuery q, byte[] wire) {
    if (current != zones || wire.length > MAX_WIRE) {
      return;
    }
    if (map.size() >= MAX_ENTRIES) {
      // simplest bound that adapts: random-name floods cost a refill, never unbounded memory
      map.clear();
    }
    Key key = new Key(new byte[q.nameLength]);
    key.set(q.name, q.nameLength, q.qtype);
    map.put(key, wire);
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
