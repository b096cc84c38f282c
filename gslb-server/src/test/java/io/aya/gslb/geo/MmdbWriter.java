package io.aya.gslb.geo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes MaxMind DB files (format 2.0, https://maxmind.github.io/MaxMind-DB/): a binary search tree with 24-,
 * 28- or 32-bit records, a data section and a metadata map after the {@code \xAB\xCD\xEFMaxMind.com} marker.
 * MaxMind ships no Java writer; this one makes test databases and the sample database of {@code geo-data/}.
 *
 * <p>Values: {@link String}, {@link Double}, {@link Float}, {@link Boolean}, {@link Map} (string keys),
 * {@link List}, {@code byte[]} and explicit unsigned/signed integers ({@link #uint16}, {@link #uint32},
 * {@link #uint64}, {@link #int32}), because readers map each integer type to a different Java type.
 *
 * <p>In an IPv6 database IPv4 networks go under {@code ::/96} (the reader looks IPv4 addresses up there).
 * Networks may nest: more specific ones win inside less specific ones, whatever the insert order. Equal
 * records are stored once. Not thread-safe.
 */
final class MmdbWriter {
  private static final byte[] METADATA_MARKER = {
    (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
  };
  private static final int DATA_SEPARATOR = 16;

  /** An integer stored with an explicit MMDB type (5 uint16, 6 uint32, 8 int32, 9 uint64, 10 uint128). */
  record Int(int type, BigInteger value) {}

  static Int uint16(int v) {
    if (v < 0 || v > 0xffff) {
      throw new IllegalArgumentException("uint16: " + v + " (expected: 0..65535)");
    }
    return new Int(5, BigInteger.valueOf(v));
  }

  static Int uint32(long v) {
    if (v < 0 || v > 0xffffffffL) {
      throw new IllegalArgumentException("uint32: " + v + " (expected: 0..4294967295)");
    }
    return new Int(6, BigInteger.valueOf(v));
  }

  static Int int32(int v) {
    return new Int(8, BigInteger.valueOf(v));
  }

  static Int uint64(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("uint64: " + v + " (expected: >= 0)");
    }
    return new Int(9, BigInteger.valueOf(v));
  }

  private record Insert(IpBits.Cidr network, Map<String, Object> data, int order) {}

  private final String databaseType;
  private final int ipVersion;
  private final int recordSize;
  private final Map<String, Object> description = new LinkedHashMap<>();
  private final List<String> languages = new ArrayList<>();
  private final List<Insert> inserts = new ArrayList<>();
  private long buildEpoch = 1_767_225_600L; // 2026-01-01: fixed, so the same input gives the same bytes

  /**
   * @param ipVersion 4 or 6
   * @param recordSize 24, 28 or 32 bits
   */
  MmdbWriter(String databaseType, int ipVersion, int recordSize) {
    if (ipVersion != 4 && ipVersion != 6) {
      throw new IllegalArgumentException("ipVersion: " + ipVersion + " (expected: 4 or 6)");
    }
    if (recordSize != 24 && recordSize != 28 && recordSize != 32) {
      throw new IllegalArgumentException("recordSize: " + recordSize + " (expected: 24, 28 or 32)");
    }
    this.databaseType = databaseType;
    this.ipVersion = ipVersion;
    this.recordSize = recordSize;
  }

  MmdbWriter description(String language, String text) {
    description.put(language, text);
    return this;
  }

  MmdbWriter language(String language) {
    languages.add(language);
    return this;
  }

  MmdbWriter buildEpoch(long seconds) {
    this.buildEpoch = seconds;
    return this;
  }

  /** Adds a network ({@code 81.2.69.0/24}, {@code 2001:db8::/32}) with its record. */
  MmdbWriter insert(String cidr, Map<String, Object> data) {
    IpBits.Cidr network = IpBits.Cidr.parse(cidr);
    if (network.bits() == 128 && ipVersion == 4) {
      throw new IllegalArgumentException("IPv6 network " + cidr + " in an IPv4 database");
    }
    inserts.add(new Insert(network, Map.copyOf(data), inserts.size()));
    return this;
  }

  /** Writes the database to {@code file} atomically (a temporary file renamed into place). */
  void write(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, toBytes());
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  byte[] toBytes() {
    // Data section: one serialized copy per distinct record.
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    Map<ByteBuffer, Integer> offsets = new HashMap<>();
    Node root = new Node();
    List<Insert> ordered = new ArrayList<>(inserts);
    ordered.sort(Comparator.comparingInt((Insert i) -> i.network().prefix()).thenComparingInt(Insert::order));
    for (Insert insert : ordered) {
      byte[] encoded = encode(insert.data());
      Integer offset = offsets.get(ByteBuffer.wrap(encoded));
      if (offset == null) {
        offset = data.size();
        offsets.put(ByteBuffer.wrap(encoded), offset);
        data.writeBytes(encoded);
      }
      IpBits.Cidr n = insert.network();
      int depthOffset = n.bits() == 32 && ipVersion == 6 ? 96 : 0;
      // IPv4 bits sit in the top of hi; in an IPv6 tree they follow 96 zero bits.
      long hi = depthOffset == 0 ? n.hi() : 0;
      long lo = depthOffset == 0 ? n.lo() : n.hi() >>> 32;
      root.insert(hi, lo, 0, depthOffset + n.prefix(), offset);
    }

    // Number the internal nodes breadth-first; the root is node 0.
    List<Node> nodes = new ArrayList<>();
    ArrayDeque<Node> queue = new ArrayDeque<>();
    root.split(); // the tree needs at least one node even when a single record covers everything
    queue.add(root);
    while (!queue.isEmpty()) {
      Node node = queue.poll();
      node.number = nodes.size();
      nodes.add(node);
      for (Node child : node.children) {
        if (child.children != null) {
          queue.add(child);
        }
      }
    }
    long nodeCount = nodes.size();
    long maxRecord = (1L << recordSize) - 1;
    if (nodeCount + DATA_SEPARATOR + data.size() > maxRecord) {
      throw new IllegalStateException("database too large for " + recordSize + "-bit records");
    }

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Node node : nodes) {
      long left = record(node.children[0], nodeCount);
      long right = record(node.children[1], nodeCount);
      switch (recordSize) {
        case 24 -> {
          writeBytes(out, left, 3);
          writeBytes(out, right, 3);
        }
        case 28 -> {
          writeBytes(out, left & 0xffffff, 3);
          out.write((int) (((left >>> 24) & 0x0f) << 4 | ((right >>> 24) & 0x0f)));
          writeBytes(out, right & 0xffffff, 3);
        }
        default -> {
          writeBytes(out, left, 4);
          writeBytes(out, right, 4);
        }
      }
    }
    out.writeBytes(new byte[DATA_SEPARATOR]);
    out.writeBytes(data.toByteArray());
    out.writeBytes(METADATA_MARKER);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("node_count", uint32(nodeCount));
    metadata.put("record_size", uint16(recordSize));
    metadata.put("ip_version", uint16(ipVersion));
    metadata.put("database_type", databaseType);
    metadata.put("languages", List.copyOf(languages));
    metadata.put("binary_format_major_version", uint16(2));
    metadata.put("binary_format_minor_version", uint16(0));
    metadata.put("build_epoch", uint64(buildEpoch));
    metadata.put("description", Map.copyOf(description));
    out.writeBytes(encode(metadata));
    return out.toByteArray();
  }

  private static long record(Node child, long nodeCount) {
    if (child.children != null) {
      return child.number;
    }
    return child.dataOffset < 0 ? nodeCount : nodeCount + DATA_SEPARATOR + child.dataOffset;
  }

  private static void writeBytes(ByteArrayOutputStream out, long value, int count) {
    for (int i = count - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)));
    }
  }

  /** A tree node: internal ({@code children} set) or a leaf with a data offset (-1: no data). */
  private static final class Node {
    Node[] children;
    int dataOffset = -1;
    int number;

    void insert(long hi, long lo, int depth, int prefix, int offset) {
      if (depth == prefix) {
        children = null; // a later, more specific network replaces whatever was here
        dataOffset = offset;
        return;
      }
      split();
      children[IpBits.bit(hi, lo, depth)].insert(hi, lo, depth + 1, prefix, offset);
    }

    /** Turns a leaf into a node whose two halves carry the leaf's data. */
    void split() {
      if (children == null) {
        children = new Node[] {new Node(), new Node()};
        children[0].dataOffset = dataOffset;
        children[1].dataOffset = dataOffset;
        dataOffset = -1;
      }
    }
  }

  // ---- data section encoding ----

  static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encode(out, value);
    return out.toByteArray();
  }

  @SuppressWarnings("unchecked")
  private static void encode(ByteArrayOutputStream out, Object value) {
    if (value instanceof String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      control(out, 2, utf8.length);
      out.writeBytes(utf8);
    } else if (value instanceof Double d) {
      control(out, 3, 8);
      writeBytes(out, Double.doubleToLongBits(d), 8);
    } else if (value instanceof Float f) {
      control(out, 15, 4);
      writeBytes(out, Float.floatToIntBits(f) & 0xffffffffL, 4);
    } else if (value instanceof byte[] b) {
      control(out, 4, b.length);
      out.writeBytes(b);
    } else if (value instanceof Boolean b) {
      control(out, 14, b ? 1 : 0);
    } else if (value instanceof Int i) {
      byte[] bytes = i.type() == 8 ? int32Bytes(i.value().intValueExact()) : unsignedBytes(i.value());
      control(out, i.type(), bytes.length);
      out.writeBytes(bytes);
    } else if (value instanceof Map<?, ?> m) {
      control(out, 7, m.size());
      // Sorted keys: equal maps encode to equal bytes, which the record deduplication relies on.
      List<String> keys = new ArrayList<>((java.util.Set<String>) m.keySet());
      keys.sort(null);
      for (String key : keys) {
        encode(out, key);
        encode(out, m.get(key));
      }
    } else if (value instanceof List<?> list) {
      control(out, 11, list.size());
      for (Object element : list) {
        encode(out, element);
      }
    } else {
      throw new IllegalArgumentException(
          "cannot store " + (value == null ? "null" : value.getClass().getName()) + " in an MMDB");
    }
  }

  private static byte[] int32Bytes(int v) {
    return v == 0 ? new byte[0] : new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  /** Big-endian bytes without leading zeros (zero is no bytes at all). */
  private static byte[] unsignedBytes(BigInteger v) {
    byte[] raw = v.toByteArray();
    int start = 0;
    while (start < raw.length && raw[start] == 0) {
      start++;
    }
    byte[] out = new byte[raw.length - start];
    System.arraycopy(raw, start, out, 0, out.length);
    return out;
  }

  /** A control byte (with the extended type byte and size bytes where needed). */
  private static void control(ByteArrayOutputStream out, int type, int size) {
    int sizeBits;
    byte[] sizeBytes;
    if (size < 29) {
      sizeBits = size;
      sizeBytes = new byte[0];
    } else if (size < 29 + 256) {
      sizeBits = 29;
      sizeBytes = new byte[] {(byte) (size - 29)};
    } else if (size < 285 + 65536) {
      sizeBits = 30;
      int s = size - 285;
      sizeBytes = new byte[] {(byte) (s >>> 8), (byte) s};
    } else {
      sizeBits = 31;
      int s = size - 65821;
      sizeBytes = new byte[] {(byte) (s >>> 16), (byte) (s >>> 8), (byte) s};
    }
    if (type <= 7) {
      out.write(type << 5 | sizeBits);
    } else {
      out.write(sizeBits); // type 0: extended, the next byte is the type minus 7
      out.write(type - 7);
    }
    out.writeBytes(sizeBytes);
  }
}
