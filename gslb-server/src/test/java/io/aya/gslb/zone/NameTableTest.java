package io.aya.gslb.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * The packed name table behaves as a map from names (compared as DNS compares them, ignoring case) to byte strings,
 * through growth, replacement and removal, and keeps each name in the case it was stored with.
 */
class NameTableTest {
  @Test
  void itAgreesWithAHashMapThroughRandomPutsReplacementsAndRemovals() throws Exception {
    NameTable table = new NameTable();
    Map<Name, byte[]> expected = new HashMap<>();
    Random random = new Random(20261203L);
    Name origin = Name.fromString("big.test.");
    for (int op = 0; op < 60_000; op++) {
      Name name = Name.fromString("h" + random.nextInt(20_000), origin);
      if (random.nextInt(5) == 0) {
        assertThat(table.remove(name)).isEqualTo(expected.remove(name) != null);
      } else {
        byte[] value = new byte[random.nextInt(40)];
        random.nextBytes(value);
        table.put(name, value);
        expected.put(name, value);
      }
    }
    assertThat(table.size()).isEqualTo(expected.size());
    for (int i = 0; i < 20_000; i++) {
      Name name = Name.fromString("H" + i, origin);
      byte[] want = expected.get(name);
      if (want == null) {
        assertThat(table.get(name)).isNull();
        assertThat(table.contains(name)).isFalse();
      } else {
        assertThat(table.get(name)).isEqualTo(want);
      }
    }
    int seen = 0;
    for (int slot = 0; slot < table.capacity(); slot++) {
      if (table.occupied(slot)) {
        seen++;
        assertThat(table.valueAt(slot)).isEqualTo(expected.get(table.nameAt(slot)));
      }
    }
    assertThat(seen).isEqualTo(expected.size());
  }

  @Test
  void namesKeepTheCaseTheyWereStoredWithAndAreFoundInAnyCase() throws Exception {
    NameTable table = new NameTable();
    table.put(Name.fromString("WwW.Example.COM."), new byte[] {1, 2});
    table.trim();

    Name stored = table.get(Name.fromString("www.example.com."), (name, value) -> name);

    assertThat(stored.toString()).isEqualTo("WwW.Example.COM.");
    assertThat(table.get(Name.fromString("WWW.EXAMPLE.COM."))).containsExactly(1, 2);
    assertThat(table.get(Name.fromString("example.com."))).isNull();
  }

  @Test
  void valuesLargerThanAChunkAndEmptyValuesAreKept() throws Exception {
    NameTable table = new NameTable();
    byte[] big = new byte[(1 << 22) + 17];
    big[big.length - 1] = 42;
    table.put(Name.fromString("a.test."), new byte[0]);
    table.put(Name.fromString("big.test."), big);
    table.put(Name.fromString("b.test."), new byte[] {7});

    assertThat(table.get(Name.fromString("a.test."))).isEmpty();
    assertThat(table.get(Name.fromString("big.test."))).isEqualTo(big);
    assertThat(table.get(Name.fromString("b.test."))).containsExactly(7);
  }

  @Test
  void anEntryIsTheSameInAnotherTableOnlyWithTheSameNameInAnyCaseAndTheSameBytes() throws Exception {
    NameTable a = new NameTable();
    NameTable b = new NameTable();
    for (int i = 0; i < 1000; i++) {
      a.put(Name.fromString("h" + i + ".test."), new byte[] {(byte) i, 1});
    }
    for (int i = 999; i >= 0; i--) {
      byte last = (byte) (i == 500 ? 2 : 1);
      b.put(Name.fromString((i % 2 == 0 ? "H" : "h") + i + ".TEST."), new byte[] {(byte) i, last});
    }
    b.remove(Name.fromString("h7.test."));

    List<String> differing = new ArrayList<>();
    for (int slot = 0; slot < a.capacity(); slot++) {
      if (a.occupied(slot) && !a.sameEntryIn(slot, b)) {
        differing.add(a.nameAt(slot).toString());
      }
    }

    assertThat(differing).containsExactlyInAnyOrder("h500.test.", "h7.test.");
  }
}
