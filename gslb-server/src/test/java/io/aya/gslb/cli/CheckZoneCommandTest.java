package io.aya.gslb.cli;

import static io.aya.gslb.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aya check-zone}: exit status and output, through the real command line. */
class CheckZoneCommandTest {
  @TempDir Path dir;

  private Path zone(String file, String origin, String extra) throws IOException {
    Path f = dir.resolve(file);
    Files.writeString(f, String.join("\n",
        "$ORIGIN " + origin,
        "@ 300 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        "$REGION eu-west 53.35 -6.26",
        extra,
        ""));
    return f;
  }

  @Test
  void goodFileExitsZeroAndSaysOk() throws IOException {
    Path f = zone("good.test.zone", "good.test.", "www IN GSLB eu-west 192.0.2.10");
    CommandRun r = run("check-zone", f.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out().trim()).isEqualTo(f + ": OK");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void brokenFileExitsOneWithFileLineMessage() throws IOException {
    Path f = zone("bad.zone", "bad.test.", "www IN GSLB us-west 192.0.2.10");
    CommandRun r = run("check-zone", f.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith(f + ":6: ").contains("us-west").contains("1 problem");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void directoryStandsForItsZoneFilesAndDuplicateOriginsAreProblems() throws IOException {
    zone("a.zone", "same.test.", "www IN GSLB eu-west 192.0.2.10");
    Path b = zone("b.zone", "same.test.", "www IN GSLB eu-west 192.0.2.11");
    CommandRun r = run("check-zone", dir.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains(b + ":1: zone same.test. is already defined by");
  }

  @Test
  void severalGoodFilesAreCountedAndMissingFilesAreProblems() throws IOException {
    Path a = zone("a.test.zone", "a.test.", "");
    Path b = zone("b.test.zone", "b.test.", "");
    CommandRun ok = run("check-zone", a.toString(), b.toString());
    assertThat(ok.exit()).isZero();
    assertThat(ok.out().trim()).isEqualTo("2 files: OK");

    CommandRun missing = run("check-zone", dir.resolve("missing.zone").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("missing.zone");
  }

  @Test
  void aBadCheckOptionIsReportedOnceAtItsLineNotAtEveryPoolThatUsesIt() throws IOException {
    Path f = zone("cascade.test.zone", "cascade.test.", String.join("\n",
        "$REGION us-east 39.04 -77.49",
        "$CHECK web http port=80 path=/healthz intervall=2s",
        "www IN GSLB eu-west 192.0.2.10 check=web",
        "www IN GSLB us-east 192.0.2.11 check=web",
        "api IN GSLB eu-west 192.0.2.20 check=web",
        "$POLICY api priority=eu-west,us-east"));
    CommandRun r = run("check-zone", f.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith(f + ":7: unknown $CHECK option intervall=2s").doesNotContain("unknown check web")
        .endsWith("1 problem\n");
  }

  @Test
  void aBadRegionLineIsReportedOnceNotAtEveryPoolPolicyAndLoadThatNamesTheRegion() throws IOException {
    Path f = zone("cascade.test.zone", "cascade.test.", String.join("\n",
        "$REGION us-east 39.04 -77.49 capacity=lots",
        "www IN GSLB eu-west 192.0.2.10",
        "www IN GSLB us-east 192.0.2.11",
        "api IN GSLB us-east 192.0.2.20",
        "$POLICY www priority=us-east,eu-west",
        "$LOAD us-east url=http://192.0.2.200/load"));
    CommandRun r = run("check-zone", f.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith(f + ":6: capacity: lots").doesNotContain("unknown region").endsWith("1 problem\n");
  }

  @Test
  void aPolicyWithoutRankingWarnsThatEveryClientGetsTheFirstRegionButTheFileLoads() throws IOException {
    Path f = zone("noranking.test.zone", "noranking.test.", String.join("\n",
        "$REGION us-east 39.04 -77.49",
        "www IN GSLB eu-west 192.0.2.10",
        "www IN GSLB us-east 192.0.2.11",
        "$POLICY www capacity fallback=all",
        "api IN GSLB eu-west 192.0.2.20",
        "api IN GSLB us-east 192.0.2.21",
        "$POLICY api geo"));
    CommandRun r = run("check-zone", f.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out().trim()).isEqualTo(f + ": OK (1 warning)");
    assertThat(r.err()).isEqualTo(f + ":9: warning: $POLICY www.noranking.test. has no ranking (geo or priority=...)"
        + " nor weighted: every client gets the first region in zone order, eu-west, while it is up\n");
  }

  @Test
  void aFileWhoseOriginDiffersFromItsNameWarns() throws IOException {
    Path f = zone("example.com.zone", "example.org.", "");
    CommandRun r = run("check-zone", f.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.err()).isEqualTo(f + ":1: warning: $ORIGIN example.org. differs from the file name example.com.zone"
        + " (which says example.com.); the zone served is example.org.\n");
  }

  @Test
  void noFileIsAUsageError() {
    CommandRun r = run("check-zone");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("FILE");
  }
}
