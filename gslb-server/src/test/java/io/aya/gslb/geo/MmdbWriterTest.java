package io.aya.gslb.geo;

import static io.aya.gslb.geo.GeoRecords.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test writer checked against MaxMind's reader, so that fixtures built with it mean something. */
class MmdbWriterTest {
  @TempDir Path dir;

  private Reader write(MmdbWriter writer) throws IOException {
    Path file = dir.resolve("w" + System.nanoTime() + ".mmdb");
    writer.write(file);
    return new Reader(file.toFile());
  }

  @Test
  void everyValueTypeReadsBackAsMaxMindDecodesIt() throws IOException {
    String s29 = "x".repeat(29);
    String s300 = "y".repeat(300);
    String s70000 = "z".repeat(70_000);
    Map<String, Object> record = Map.ofEntries(
        Map.entry("u16", MmdbWriter.uint16(65535)),
        Map.entry("u32", MmdbWriter.uint32(4_000_000_000L)),
        Map.entry("u64", MmdbWriter.uint64(Long.MAX_VALUE)),
        Map.entry("i32", MmdbWriter.int32(-5)),
        Map.entry("zero", MmdbWriter.uint32(0)),
        Map.entry("d", 1.5),
        Map.entry("f", 2.5f),
        Map.entry("t", true),
        Map.entry("bytes", new byte[] {1, 2, 3}),
        Map.entry("list", List.of("a", MmdbWriter.uint16(7))),
        Map.entry("nested", Map.of("k", Map.of("deep", "v"))),
        Map.entry("s29", s29),
        Map.entry("s300", s300),
        Map.entry("s70000", s70000),
        Map.entry("utf8", "Linköping"));
    try (Reader reader = write(new MmdbWriter("types", 4, 32).insert("192.0.2.0/24", record))) {
      Map<?, ?> m = reader.get(ip("192.0.2.9"), Map.class);
      assertEquals(65535, m.get("u16"));
      assertEquals(4_000_000_000L, m.get("u32"));
      assertEquals(BigInteger.valueOf(Long.MAX_VALUE), m.get("u64"));
      assertEquals(-5, m.get("i32"));
      assertEquals(0L, m.get("zero"));
      assertEquals(1.5, m.get("d"));
      assertEquals(2.5f, m.get("f"));
      assertEquals(true, m.get("t"));
      assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) m.get("bytes"));
      assertEquals(List.of("a", 7), m.get("list"));
      assertEquals(Map.of("k", Map.of("deep", "v")), m.get("nested"));
      assertEquals(s29, m.get("s29"));
      assertEquals(s300, m.get("s300"));
      assertEquals(s70000, m.get("s70000"));
      assertEquals("Linköping", m.get("utf8"));
      assertEquals("types", reader.getMetadata().getDatabaseType());
      assertEquals(4, reader.getMetadata().getIpVersion());
    }
  }

  @Test
  void nestedNetworksSplitTheirParentWhateverTheInsertOrder() throws IOException {
    MmdbWriter writer = new MmdbWriter("nested", 6, 24)
        .insert("10.1.2.0/24", Map.of("n", "inner"))
        .insert("10.0.0.0/8", Map.of("n", "outer"))
        .insert("2001:db8::/32", Map.of("n", "v6"));
    try (Reader reader = write(writer)) {
      DatabaseRecord<Map> inner = reader.getRecord(ip("10.1.2.3"), Map.class);
      assertEquals("inner", inner.getData().get("n"));
      assertEquals(24, inner.getNetwork().getPrefixLength());
      DatabaseRecord<Map> outer = reader.getRecord(ip("10.200.0.1"), Map.class);
      assertEquals("outer", outer.getData().get("n"));
      assertEquals(9, outer.getNetwork().getPrefixLength(), "10.128.0.0/9 is the disjoint part");
      assertEquals("v6", reader.get(ip("2001:db8:ffff::1"), Map.class).get("n"));
      assertNull(reader.get(ip("11.0.0.1"), Map.class));
      assertNull(reader.get(ip("2001:db9::1"), Map.class));
    }
  }

  @Test
  void sameInputGivesTheSameBytesAndEqualRecordsAreStoredOnce() {
    MmdbWriter many = new MmdbWriter("dedup", 4, 24);
    MmdbWriter again = new MmdbWriter("dedup", 4, 24);
    for (int i = 0; i < 50; i++) {
      many.insert("10.0." + i + ".0/24", Map.of("n", "x".repeat(1000)));
      again.insert("10.0." + i + ".0/24", Map.of("n", "x".repeat(1000)));
    }
    assertArrayEquals(many.toBytes(), again.toBytes());
    int oneNetwork =
        new MmdbWriter("dedup", 4, 24).insert("10.0.0.0/24", Map.of("n", "x".repeat(1000))).toBytes().length;
    assertTrue(many.toBytes().length < oneNetwork + 1000, "50 networks share one copy of the 1 KB record");
  }
}
