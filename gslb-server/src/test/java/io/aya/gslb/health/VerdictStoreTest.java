package io.aya.gslb.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.aya.cluster.Observation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerdictStoreTest {
  @TempDir Path dir;

  @Test
  void savedDownVerdictsAreLoadedBackByEndpointKey() {
    VerdictStore store = new VerdictStore(dir.resolve("state"));
    Observation a = new Observation("example.com/web@192.0.2.10", "aya-1", false, 1_700_000_000_000L, "HTTP 503");
    store.save(List.of(a));
    assertThat(new VerdictStore(dir.resolve("state")).load()).containsExactlyEntriesOf(java.util.Map.of(a.endpoint(), a));
    store.save(List.of());
    assertThat(store.load()).isEmpty();
  }

  @Test
  void aMissingOrBrokenFileIsAnEmptySet() throws Exception {
    VerdictStore store = new VerdictStore(dir);
    assertThat(store.load()).isEmpty();
    Files.writeString(store.file(), "{ not json");
    assertThat(store.load()).isEmpty();
  }
}
