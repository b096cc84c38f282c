package io.aya.gslb.zone;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged zone files are rejected with file:line messages; nothing else ever escapes the parser. */
class ZoneFileFuzzTest {
  private static final String[] PIECES = {
    " ", "\n", "\t", "(", ")", "\"", ";", "\\", "@", "$", "=", ",", ".", "-", "0", "9", "999999999999", "GSLB",
    "$REGION", "$CHECK", "$POLICY", "$LOAD", "$INCLUDE", "$GENERATE", "$ORIGIN", "$TTL", "IN", "CH", "SOA",
    "CNAME", "A", "AAAA", "TXT", "check=", "up=", "capacity=", "priority=", "fallback=", "ttl=", "answers=",
    "geofence=", "url=", "interval=", "@0", "@-1", "::", "192.0.2.", "\u00e9", "\r"
  };

  @TempDir Path dir;

  @Test
  void damagedZoneFilesFailOnlyWithZoneParseExceptions() throws Exception {
    String base = Files.readString(Path.of("..", "zones", "example.com.zone"), StandardCharsets.UTF_8);
    Random random = new Random(20261125L);
    Path f = dir.resolve("example.com.zone");
    int rejected = 0;
    for (int round = 0; round < 250; round++) {
      StringBuilder sb = new StringBuilder(base);
      int edits = 1 + random.nextInt(4);
      for (int k = 0; k < edits; k++) {
        int at = random.nextInt(sb.length());
        int cut = Math.min(sb.length() - at, random.nextInt(8));
        sb.replace(at, at + cut, random.nextBoolean() ? PIECES[random.nextInt(PIECES.length)] : "");
      }
      Files.writeString(f, sb, StandardCharsets.UTF_8);
      try {
        ZoneFileParser.parse(f);
      } catch (ZoneParseException e) {
        rejected++;
        for (ZoneError err : e.errors()) {
          assertTrue(err.toString().startsWith(f + ":"), err.toString());
          assertFalse(err.message().isBlank(), err.toString());
        }
      } catch (RuntimeException e) {
        throw new AssertionError("round " + round + " escaped with " + e + " on:\n" + sb, e);
      }
    }
    if (rejected == 0) {
      fail("no damaged file was rejected: the damage is not reaching the parser");
    }
  }
}
