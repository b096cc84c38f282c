package io.aya.gslb.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.gslb.zone.ReloadResult.FileOutcome;
import io.aya.gslb.zone.ReloadResult.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class ZoneRepositoryTest {
  @TempDir Path dir;

  static String zone(long serial, String extra) {
    return "$TTL 300\n"
        + "@ IN SOA ns1 hostmaster " + serial + " 7200 900 1209600 60\n"
        + "@ IN NS ns1\n"
        + "ns1 IN A 198.51.100.53\n"
        + "$REGION r1 10 10\n"
        + "www GSLB r1 192.0.2.10\n"
        + extra;
  }

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  static Map<String, Status> statuses(ReloadResult r) {
    Map<String, Status> m = new TreeMap<>();
    for (FileOutcome o : r.files()) {
      m.put(o.file().getFileName().toString(), o.status());
    }
    return m;
  }

  static Zone zone(ZoneRepository repo, String origin) throws IOException {
    return repo.current().zone(Name.fromString(origin));
  }

  @Test
  void servesEveryZoneFileOfTheDirectoryAndNothingElse() throws Exception {
    write("a.test.zone", zone(1, ""));
    write("b.test.zone", zone(1, ""));
    write("notes.txt", "not a zone");
    write(".c.test.zone", "editor backup, not a zone");
    write("sub/d.test.zone", zone(1, ""));
    ZoneRepository repo = new ZoneRepository(dir);
    assertSame(ZoneSet.EMPTY, repo.current());

    ReloadResult r = repo.reload();

    assertTrue(r.ok() && r.changed());
    assertEquals(Map.of("a.test.zone", Status.LOADED, "b.test.zone", Status.LOADED), statuses(r));
    assertEquals(2, repo.current().zones().size());
    assertSame(repo.current(), r.zones());
    assertNotNull(repo.current().findZone(Name.fromString("www.b.test.")).node(Name.fromString("www.b.test.")).balanced());
    assertEquals(Name.fromString("a.test."), r.files().get(0).origin());
  }

  @Test
  void brokenFileKeepsItsPreviousVersionServingUntilItIsFixed() throws Exception {
    Path f = write("example.com.zone", zone(1, ""));
    ZoneRepository repo = new ZoneRepository(dir);
    repo.reload();
    Zone first = zone(repo, "example.com.");

    write("example.com.zone", zone(2, "www GSLB r2 192.0.2.11\n"));
    ReloadResult broken = repo.reload();

    assertFalse(broken.ok());
    assertFalse(broken.changed());
    FileOutcome o = broken.files().get(0);
    assertEquals(Status.FAILED, o.status());
    assertEquals(Name.fromString("example.com."), o.origin(), "the previous version still serves");
    assertEquals(List.of(f + ":7: unknown region r2 (declared: r1)"), o.errors());
    assertEquals(o.errors(), broken.errors());
    assertSame(first, zone(repo, "example.com."));

    write("example.com.zone", zone(3, "$REGION r2 20 20\nwww GSLB r2 192.0.2.11\n"));
    ReloadResult fixed = repo.reload();

    assertTrue(fixed.ok() && fixed.changed());
    assertEquals(Status.LOADED, fixed.files().get(0).status());
    assertEquals(3, zone(repo, "example.com.").serial());
    assertEquals(2, zone(repo, "example.com.").node(Name.fromString("www.example.com.")).balanced().pools().size());
  }

  @Test
  void brokenNewFileIsNotServedAndOthersAreUnaffected() throws Exception {
    write("good.test.zone", zone(1, ""));
    write("bad.test.zone", "@ IN NS ns1\n");
    ZoneRepository repo = new ZoneRepository(dir);
    ReloadResult r = repo.reload();
    assertEquals(Map.of("bad.test.zone", Status.FAILED, "good.test.zone", Status.LOADED), statuses(r));
    assertNull(r.withStatus(Status.FAILED).get(0).origin());
    assertEquals(1, repo.current().zones().size());
    assertNotNull(zone(repo, "good.test."));
  }

  @Test
  void additionsAndDeletionsArePickedUp() throws Exception {
    Path a = write("a.test.zone", zone(1, ""));
    ZoneRepository repo = new ZoneRepository(dir);
    repo.reload();
    write("b.test.zone", zone(1, ""));
    Files.delete(a);

    ReloadResult r = repo.reload();

    assertEquals(Map.of("a.test.zone", Status.REMOVED, "b.test.zone", Status.LOADED), statuses(r));
    assertNull(r.withStatus(Status.REMOVED).get(0).origin());
    assertNull(zone(repo, "a.test."));
    assertNotNull(zone(repo, "b.test."));
  }

  @Test
  void unchangedFilesKeepTheirZoneAndPublishNothing() throws Exception {
    write("a.test.zone", zone(1, ""));
    ZoneRepository repo = new ZoneRepository(dir);
    repo.reload();
    ZoneSet before = repo.current();
    List<ZoneSet> published = new ArrayList<>();
    repo.addListener(published::add);

    ReloadResult r = repo.reload();

    assertEquals(Map.of("a.test.zone", Status.UNCHANGED), statuses(r));
    assertFalse(r.changed());
    assertSame(before, repo.current());
    assertTrue(published.isEmpty());
  }

  @Test
  void changeInAnIncludedFileReloadsTheZone() throws Exception {
    write("inc/pools.inc", "api GSLB r1 192.0.2.20\n");
    write("a.test.zone", zone(1, "$INCLUDE inc/pools.inc\n"));
    ZoneRepository repo = new ZoneRepository(dir);
    repo.reload();
    write("inc/pools.inc", "api GSLB r1 192.0.2.20 192.0.2.21\n");
    // a new pool member changes what secondaries receive (the static fallback): the serial must rise with it
    write("a.test.zone", zone(2, "$INCLUDE inc/pools.inc\n"));

    ReloadResult r = repo.reload();

    assertEquals(Map.of("a.test.zone", Status.LOADED), statuses(r));
    assertEquals(2, zone(repo, "a.test.").node(Name.fromString("api.a.test.")).balanced().pools().get(0).members().size());
  }

  @Test
  void listenersSeeEachNewSetAfterItIsPublished() throws Exception {
    write("a.test.zone", zone(1, ""));
    ZoneRepository repo = new ZoneRepository(dir);
    List<ZoneSet> published = new ArrayList<>();
    List<Boolean> wasCurrent = new ArrayList<>();
    repo.addListener(set -> {
      published.add(set);
      wasCurrent.add(set == repo.current());
    });
    repo.addListener(set -> {
      throw new IllegalStateException("a failing listener must not stop the others or the reload");
    });
    List<ZoneSet> second = new ArrayList<>();
    repo.addListener(second::add);

    repo.reload();
    write("b.test.zone", zone(1, ""));
    repo.reload();

    assertEquals(2, published.size());
    assertEquals(List.of(true, true), wasCurrent);
    assertEquals(2, published.get(1).zones().size());
    assertEquals(published, second);
  }

  @Test
  void originDefinedByTwoFilesIsAnErrorForTheSecond() throws Exception {
    write("b.zone", "$ORIGIN example.com.\n" + zone(1, ""));
    ZoneRepository repo = new ZoneRepository(dir);
    repo.reload();
    // a.zone sorts first, but b.zone served example.com. before: b keeps it
    Path a = write("a.zone", "$TTL 60\n$ORIGIN example.com.\n" + zone(2, ""));

    ReloadResult r = repo.reload();

    assertEquals(Map.of("a.zone", Status.FAILED, "b.zone", Status.UNCHANGED), statuses(r));
    assertEquals(List.of(a + ":2: zone example.com. is already defined by " + dir.resolve("b.zone")), r.errors());
    assertEquals(1, zone(repo, "example.com.").serial());
    assertEquals(List.of(a + ":2: zone example.com. is already defined by " + dir.resolve("b.zone")),
        ZoneRepository.check(List.of(dir.resolve("b.zone"), a)));
  }

  @Test
  void missingDirectoryFailsTheReloadAndKeepsServing() throws Exception {
    Path zones = Files.createDirectory(dir.resolve("zones"));
    Files.writeString(zones.resolve("a.test.zone"), zone(1, ""));
    ZoneRepository repo = new ZoneRepository(zones);
    repo.reload();
    Files.delete(zones.resolve("a.test.zone"));
    Files.delete(zones);

    ReloadResult r = repo.reload();

    assertFalse(r.ok());
    assertEquals(List.of(zones + ": cannot list the zone directory (no such file)"), r.errors());
    assertNotNull(zone(repo, "a.test."));
  }

  @Test
  void checkReportsEveryProblemOfEveryFile() throws Exception {
    Path good = write("good.test.zone", zone(1, ""));
    Path bad = write("bad.test.zone", zone(1, "www A 192.0.2.1\n$POLICY www answers=0\n"));
    Path soa = write("nosoa.test.zone", "@ 60 IN NS ns1\n");
    List<String> errors = ZoneRepository.check(List.of(good, bad, soa));
    assertEquals(List.of(
        bad + ":6: GSLB name www.bad.test. also has static records (A at " + bad + ":7); a balanced name cannot have other data",
        bad + ":8: answers: 0 (expected: 1..64)",
        soa + ":1: zone nosoa.test. has no SOA record"), errors);
    assertEquals(List.of(), ZoneRepository.check(List.of(good)));
    assertEquals(errors, ZoneRepository.check(List.of(dir)), "a directory stands for its zone files, by name");
  }

  @Test
  void servedZonesAnswerLookupsThroughTheSet() throws Exception {
    write("example.com.zone", zone(1, "host A 192.0.2.5\n"));
    ZoneRepository repo = new ZoneRepository(dir);
    repo.reload();
    Zone z = repo.current().findZone(Name.fromString("deep.host.example.com."));
    assertNotNull(z);
    assertNotNull(z.rrset(Name.fromString("host.example.com."), Type.A));
  }
}
