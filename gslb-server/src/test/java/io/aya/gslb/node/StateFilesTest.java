package io.aya.gslb.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aya.gslb.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unusable state files do not keep a node down with a misleading message: an empty or corrupt {@code
 * overrides.json} or {@code health-down.json} is moved aside as {@code FILE.corrupt-<time>} (kept for inspection)
 * and the node starts; an admin token too short to resist guessing is refused with the fix.
 */
class StateFilesTest {
  @TempDir Path dir;
  Path zones;
  Path state;

  @BeforeEach
  void zone() {
    zones = dir.resolve("zones");
    state = dir.resolve("state");
    TestNode.write(zones.resolve("example.test.zone"), String.join("\n",
        "$ORIGIN example.test.",
        "@ 300 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        "www 300 IN A 192.0.2.1",
        ""));
  }

  private List<Path> quarantined(String name) throws IOException {
    try (Stream<Path> files = Files.list(state)) {
      return files.filter(p -> p.getFileName().toString().startsWith(name + ".corrupt-")).toList();
    }
  }

  private void startsAndQuarantines(String name, String content) throws Exception {
    TestNode.write(state.resolve(name), content);
    try (AyaNode node = AyaNode.start(TestNode.config(zones, state))) {
      assertThat(TestNode.a(node, "www.example.test.")).containsExactly("192.0.2.1");
      assertThat(TestNode.postAuthed(node, "/api/v1/regions/*/drain").status()).as("overrides work again").isNotEqualTo(500);
    }
    List<Path> moved = quarantined(name);
    assertThat(moved).as("the unusable file is kept beside, under a new name").hasSize(1);
    assertThat(Files.readString(moved.get(0))).isEqualTo(content);
  }

  @Test
  void emptyOverridesFileIsMovedAsideAndTheNodeStarts() throws Exception {
    startsAndQuarantines("overrides.json", "");
  }

  @Test
  void corruptOverridesFileIsMovedAsideAndTheNodeStarts() throws Exception {
    startsAndQuarantines("overrides.json", "{\"version\":1,\"overrides\":[{\"kind\":\"DRAIN\",\"tar");
  }

  @Test
  void corruptHealthStateFileIsMovedAsideAndTheNodeStarts() throws Exception {
    startsAndQuarantines("health-down.json", "\u0000\u0000garbage");
  }

  @Test
  void aOneCharacterAdminTokenIsRefusedSayingHowLongItMustBe() {
    assertThatThrownBy(() -> ConfigLoader.load(null, TestNode.settings(zones, state), Map.of("AYA_ADMIN_TOKEN", "x")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("admin-token: 1 characters (expected: at least 16; generate one with: openssl rand -hex 24)");
  }

  @Test
  void aShortTokenInTheStateDirectoryIsRefusedNamingTheFile() {
    TestNode.write(state.resolve("admin-token"), "abc\n");
    assertThatThrownBy(() -> AyaNode.start(TestNode.config(zones, state)))
        .isInstanceOf(AyaNode.StartupException.class)
        .hasMessageContaining(state.resolve("admin-token").toAbsolutePath().toString())
        .hasMessageContaining("3 characters (expected: at least 16)");
  }
}
