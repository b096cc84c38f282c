package io.aya.gslb.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.gslb.zone.ReloadResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class SerialHandlingTest {
  @TempDir Path dir;
  final Clock dec3 = Clock.fixed(Instant.parse("2026-12-03T08:00:00Z"), ZoneOffset.UTC);

  static String zone(String directives, long serial, String www) {
    return directives
        + "$TTL 300\n"
        + "@ IN SOA ns1 hostmaster " + serial + " 7200 900 1209600 60\n"
        + "@ IN NS ns1\n"
        + "ns1 IN A 198.51.100.53\n"
        + "www IN A " + www + "\n";
  }

  Path write(String text) throws Exception {
    Path p = dir.resolve("s.test.zone");
    Files.writeString(p, text);
    return p;
  }

  Zone served(ZoneRepository repo) throws Exception {
    return repo.current().zone(Name.fromString("s.test."));
  }

  @Test
  void changedContentUnderTheSameSerialIsRefusedAtTheSoaLineAndTheOldVersionKeepsServing() throws Exception {
    ZoneRepository repo = new ZoneRepository(dir, dec3);
    Path f = write(zone("", 5, "192.0.2.1"));
    assertTrue(repo.reload().ok());
    write(zone("", 5, "192.0.2.2"));
    ReloadResult r = repo.reload();
    assertFalse(r.ok());
    assertEquals(1, r.errors().size());
    String e = r.errors().get(0);
    assertTrue(e.startsWith(f + ":2: serial not increased"), e);
    assertEquals("192.0.2.1", served(repo).rrset(Name.fromString("www.s.test."), Type.A).first().rdataToString());
    assertEquals(5, served(repo).serial());
  }

  @Test
  void aLowerSerialWithChangedContentIsRefusedAndAGreaterOneAcrossTheWrapIsTaken() throws Exception {
    ZoneRepository repo = new ZoneRepository(dir, dec3);
    write(zone("", 4294967290L, "192.0.2.1"));
    assertTrue(repo.reload().ok());
    write(zone("", 4294967289L, "192.0.2.2"));
    assertFalse(repo.reload().ok());
    // RFC 1982: 3 follows 4294967290 (the sequence space wraps)
    write(zone("", 3, "192.0.2.2"));
    assertTrue(repo.reload().ok());
    assertEquals(3, served(repo).serial());
  }

  @Test
  void aCommentOnlyEditUnderTheSameSerialIsAccepted() throws Exception {
    ZoneRepository repo = new ZoneRepository(dir, dec3);
    write(zone("", 7, "192.0.2.1"));
    repo.reload();
    write(zone("; just a comment\n", 7, "192.0.2.1"));
    ReloadResult r = repo.reload();
    assertTrue(r.ok(), r.errors().toString());
    assertEquals(7, served(repo).serial());
  }

  @Test
  void serialAutoBumpsToTodaysDatedSerialThenByOneAndKeepsItWhileTheContentIsTheSame() throws Exception {
    ZoneRepository repo = new ZoneRepository(dir, dec3);
    write(zone("$SERIAL auto\n", 1, "192.0.2.1"));
    assertTrue(repo.reload().ok());
    assertEquals(2026120300L, served(repo).serial());
    write(zone("$SERIAL auto\n", 1, "192.0.2.2"));
    assertTrue(repo.reload().ok());
    assertEquals(2026120301L, served(repo).serial());
    assertEquals(2026120301L, served(repo).soa().getSerial());
    assertEquals(2026120301L,
        ((org.xbill.DNS.SOARecord) served(repo).rrset(Name.fromString("s.test."), Type.SOA).first()).getSerial());
    Zone before = served(repo);
    write(zone("$SERIAL auto\n; a comment\n", 1, "192.0.2.2"));
    ReloadResult r = repo.reload();
    assertEquals(List.of(Status.LOADED), r.files().stream().map(ReloadResult.FileOutcome::status).toList());
    assertEquals(before.serial(), served(repo).serial());
  }

  @Test
  void serialAutoKeepsAFileSerialAheadOfTodayAndCountsOnFromIt() throws Exception {
    ZoneRepository repo = new ZoneRepository(dir, dec3);
    write(zone("$SERIAL auto\n", 2030010105L, "192.0.2.1"));
    repo.reload();
    assertEquals(2030010105L, served(repo).serial());
    write(zone("$SERIAL auto\n", 2030010105L, "192.0.2.9"));
    repo.reload();
    assertEquals(2030010106L, served(repo).serial());
  }

  /** A node's repository over {@code dir} with its serial memory in {@code state}, as AyaNode sets it up. */
  ZoneRepository restarted(Path state) {
    ZoneRepository repo = new ZoneRepository(dir, dec3);
    repo.serialMemory(SerialMemory.open(state.resolve("zone-serials.json")));
    return repo;
  }

  @Test
  void serialAutoRemembersTheServedSerialAcrossARestartAndNeverGoesBack(@TempDir Path state) throws Exception {
    ZoneRepository first = restarted(state);
    write(zone("$SERIAL auto\n", 1, "192.0.2.1"));
    assertTrue(first.reload().ok());
    for (int i = 2; i <= 4; i++) {
      write(zone("$SERIAL auto\n", 1, "192.0.2." + i));
      assertTrue(first.reload().ok());
    }
    assertEquals(2026120303L, served(first).serial());

    // restart with the same files: the same content keeps the same serial (no transfer for nothing)
    ZoneRepository second = restarted(state);
    assertTrue(second.reload().ok());
    assertEquals(2026120303L, served(second).serial());

    // edited while the node was down: above the last one served, not back to today's 2026120300
    write(zone("$SERIAL auto\n", 1, "192.0.2.99"));
    ZoneRepository third = restarted(state);
    assertTrue(third.reload().ok());
    assertEquals(2026120304L, served(third).serial());
    assertEquals("192.0.2.99", served(third).rrset(Name.fromString("www.s.test."), Type.A).first().rdataToString());

    // a file serial raised past the remembered one still counts as the floor
    write(zone("$SERIAL auto\n", 2026120350L, "192.0.2.100"));
    assertEquals(2026120350L, reloadAndServe(restarted(state)));
  }

  long reloadAndServe(ZoneRepository repo) throws Exception {
    assertTrue(repo.reload().ok());
    return served(repo).serial();
  }

  @Test
  void anUnreadableSerialMemoryIsMovedAsideAndTheZoneStillLoads(@TempDir Path state) throws Exception {
    Path file = state.resolve("zone-serials.json");
    Files.writeString(file, "{\"zones\": {\"s.test.\": {\"serial\": \"x\"");
    write(zone("$SERIAL auto\n", 1, "192.0.2.1"));
    ZoneRepository repo = restarted(state);
    assertTrue(repo.reload().ok());
    assertEquals(2026120300L, served(repo).serial());
    try (var files = Files.list(state)) {
      assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("zone-serials.json.corrupt-")).count());
    }
    // and a new, readable memory is written for the next start
    assertEquals(2026120300L, SerialMemory.open(file).lastServed(Name.fromString("s.test.")).serial());
  }

  @Test
  void transferDirectivesAreParsedAndCheckedWithFileAndLine() throws Exception {
    Path f = write(zone("$TRANSFER allow=192.0.2.0/24,2001:db8::/32 tsig=k1.\n$TRANSFER tsig=k2\n"
        + "$NOTIFY 192.0.2.53 [2001:db8::53]:5300 192.0.2.54:5301 tsig=k1\n", 1, "192.0.2.1"));
    Zone z = ZoneFileParser.parse(f);
    TransferSettings t = z.transfer();
    assertEquals(2, t.rules().size());
    assertTrue(t.rules().get(0).allowsAddress(java.net.InetAddress.getByName("192.0.2.77")));
    assertFalse(t.rules().get(0).allowsAddress(java.net.InetAddress.getByName("198.51.100.1")));
    assertFalse(t.rules().get(0).allowsKey(null));
    assertTrue(t.rules().get(1).allowsKey(Name.fromString("k2.")));
    assertEquals(3, t.notifyTargets().size());
    assertEquals(5300, t.notifyTargets().get(1).getPort());
    assertEquals(53, t.notifyTargets().get(0).getPort());
    assertNotNull(t.notifyKey());
    TransferSettings byDefault = ZoneFileParser.parse(write(zone("", 1, "192.0.2.1"))).transfer();
    assertEquals(TransferSettings.DEFAULT, byDefault);
    assertTrue(byDefault.rules().get(0).allowsAddress(java.net.InetAddress.getByName("127.8.9.10")));
    assertTrue(byDefault.rules().get(0).allowsAddress(java.net.InetAddress.getByName("::1")));
    assertFalse(byDefault.rules().get(0).allowsAddress(java.net.InetAddress.getByName("192.0.2.1")));

    write(zone("$TRANSFER allow=192.0.2.1/24\n$SERIAL sometimes\n$TRANSFER none\n", 1, "192.0.2.1"));
    List<String> errors = ZoneFileParser.check(f);
    assertEquals(3, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith(f + ":1: allow: host bits set"), errors.get(0));
    assertTrue(errors.get(1).startsWith(f + ":2: $SERIAL takes auto or file"), errors.get(1));
    assertTrue(errors.get(2).startsWith(f + ":3: $TRANSFER none"), errors.get(2));
  }
}
