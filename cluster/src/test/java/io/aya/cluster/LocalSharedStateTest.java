package io.aya.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.cluster.OperatorOverride.Kind;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSharedStateTest {
  @TempDir Path dir;

  private static Map<String, OperatorOverride> byKey(SharedState s) {
    return s.overrides().stream().collect(Collectors.toMap(OperatorOverride::key, Function.identity()));
  }

  @Test
  void overridesSurviveARestartIncludingInactiveOnes() {
    try (LocalSharedState s = new LocalSharedState("ams1", dir)) {
      s.putOverride(new OperatorOverride(Kind.DRAIN, "eu-west", true, 1_000, "ams1"));
      s.putOverride(new OperatorOverride(Kind.FORCE_DOWN, "example.com/web@192.0.2.10", true, 1_001, "ams1"));
      s.putOverride(new OperatorOverride(Kind.DRAIN, "us-*", true, 1_002, "ams1"));
      s.putOverride(new OperatorOverride(Kind.DRAIN, "us-*", false, 1_003, "ams1"));
    }
    assertTrue(Files.exists(dir.resolve("overrides.json")));
    try (LocalSharedState restarted = new LocalSharedState("ams1", dir)) {
      Map<String, OperatorOverride> got = byKey(restarted);
      assertEquals(3, got.size());
      assertEquals(new OperatorOverride(Kind.DRAIN, "eu-west", true, 1_000, "ams1"), got.get("DRAIN|eu-west"));
      assertEquals(new OperatorOverride(Kind.FORCE_DOWN, "example.com/web@192.0.2.10", true, 1_001, "ams1"),
          got.get("FORCE_DOWN|example.com/web@192.0.2.10"));
      assertEquals(new OperatorOverride(Kind.DRAIN, "us-*", false, 1_003, "ams1"), got.get("DRAIN|us-*"));
    }
  }

  @Test
  void anOlderOverrideNeitherReplacesTheNewerOneNorReachesTheDisk() throws Exception {
    AtomicInteger changes = new AtomicInteger();
    try (LocalSharedState s = new LocalSharedState("ams1", dir)) {
      s.addListener(changes::incrementAndGet);
      s.putOverride(new OperatorOverride(Kind.DRAIN, "eu-west", false, 2_000, "ams1"));
      String before = Files.readString(dir.resolve("overrides.json"));
      s.putOverride(new OperatorOverride(Kind.DRAIN, "eu-west", true, 1_000, "fra1"));
      assertEquals(1, changes.get());
      assertEquals(before, Files.readString(dir.resolve("overrides.json")));
      assertFalse(byKey(s).get("DRAIN|eu-west").active());
    }
    try (LocalSharedState restarted = new LocalSharedState("ams1", dir)) {
      assertEquals(new OperatorOverride(Kind.DRAIN, "eu-west", false, 2_000, "ams1"),
          byKey(restarted).get("DRAIN|eu-west"));
    }
  }

  @Test
  void newestTimestampWinsWhenTheFileHoldsDuplicates() throws Exception {
    Files.writeString(dir.resolve("overrides.json"), """
        {"version":1,"overrides":[
          {"kind":"DRAIN","target":"eu-west","active":true,"timestampMillis":5000,"node":"a"},
          {"kind":"DRAIN","target":"eu-west","active":false,"timestampMillis":4000,"node":"b"}]}
        """, StandardCharsets.UTF_8);
    try (LocalSharedState s = new LocalSharedState("ams1", dir)) {
      assertEquals(new OperatorOverride(Kind.DRAIN, "eu-west", true, 5_000, "a"), byKey(s).get("DRAIN|eu-west"));
      s.putOverride(new OperatorOverride(Kind.DRAIN, "eu-west", false, 6_000, "ams1"));
    }
    try (LocalSharedState s = new LocalSharedState("ams1", dir)) {
      assertFalse(byKey(s).get("DRAIN|eu-west").active());
    }
  }

  @Test
  void aCorruptOverridesFileIsMovedAsideAndTheNodeStartsWithoutIt() throws Exception {
    Files.writeString(dir.resolve("overrides.json"), "{\"version\":1,\"overrides\":[{\"kind\":\"DRA");
    try (LocalSharedState s = new LocalSharedState("ams1", dir)) {
      assertTrue(s.overrides().isEmpty());
    }
    assertFalse(Files.exists(dir.resolve("overrides.json")));
    try (var files = Files.list(dir)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("overrides.json.corrupt-")));
    }
  }

  @Test
  void anUnknownFormatVersionIsRejected() throws Exception {
    Files.writeString(dir.resolve("overrides.json"), "{\"version\":7,\"overrides\":[]}");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new LocalSharedState("ams1", dir));
    assertTrue(e.getMessage().contains("version: 7 (expected: 1; written by another AYA release"), e.getMessage());
  }

  @Test
  void saveLeavesNoTemporaryFileBehind() throws Exception {
    try (LocalSharedState s = new LocalSharedState("ams1", dir.resolve("nested/state"))) {
      s.putOverride(new OperatorOverride(Kind.FORCE_UP, "x@192.0.2.1", true, 1, "ams1"));
    }
    try (var files = Files.list(dir.resolve("nested/state"))) {
      assertEquals(java.util.List.of("overrides.json"),
          files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
    }
  }

  @Test
  void withoutAStateDirectoryNothingIsWritten() throws Exception {
    try (LocalSharedState s = new LocalSharedState("ams1")) {
      s.putOverride(new OperatorOverride(Kind.DRAIN, "eu-west", true, 1, "ams1"));
      assertEquals(1, s.overrides().size());
    }
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void observationsAndLoadsKeepTheNewestValuePerKeyAndNotifyOnlyOnChange() {
    AtomicInteger changes = new AtomicInteger();
    try (LocalSharedState s = new LocalSharedState("ams1")) {
      s.addListener(changes::incrementAndGet);
      s.putObservation(new Observation("e@192.0.2.1", "ams1", true, 10, "HTTP 200"));
      s.putObservation(new Observation("e@192.0.2.1", "ams1", false, 20, "HTTP 503"));
      s.putObservation(new Observation("e@192.0.2.1", "ams1", true, 15, "late"));
      s.putLoad(new LoadReport("eu-west", "ams1", 3.5, 10));
      s.putLoad(new LoadReport("eu-west", "ams1", 1.0, 5));
      assertEquals(3, changes.get());
      assertFalse(s.observations().iterator().next().up());
      assertEquals(3.5, s.loads().iterator().next().load());
    }
  }
}
